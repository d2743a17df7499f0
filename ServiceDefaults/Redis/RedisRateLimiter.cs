using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// Fixed windows counted in Redis, so every instance of a service draws on one budget per caller. A window starts with
/// the caller's first request and lasts <see cref="RateLimitingOptions.Window"/>; the count and its expiry are set in
/// one script, so a crash between them can never leave a counter that does not expire.
/// </summary>
/// <remarks>
/// <para>
/// Permits are taken from Redis in leases (<see cref="RateLimitingOptions.LeaseSize"/>), not one by one: an instance
/// spends a lease locally and asks Redis again only when it is used up, so a busy caller costs one round trip per lease
/// rather than one per request. Redis only ever grants what is left of the budget, so all instances together never let
/// more than the budget through; a lease an instance does not use up within the window is lost, so with N instances a
/// caller may get up to N × (lease − 1) requests fewer. A refusal is remembered locally until the window ends.
/// </para>
/// <para>
/// Redis unavailable: the request is allowed and nothing is counted. Limiting protects the platform from a caller;
/// refusing every caller because the limiter's own store is down would turn a cache outage into a full outage, and the
/// database still answers. Budgets restart when Redis returns.
/// </para>
/// </remarks>
public sealed class RedisRateLimiter(RedisConnection redis, RateLimitingOptions options)
{
    private const string TakeFromWindow = """
        local count = redis.call('INCRBY', KEYS[1], ARGV[2])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return { count, ttl }
        """;

    private readonly ConcurrentDictionary<RateLimitPartition, CallerWindow> windows = new();
    private long nextSweep = Environment.TickCount64 + (long)options.Window.TotalMilliseconds;

    public RateLimitingOptions Options => options;

    /// <summary>Counts one request of <paramref name="partition"/> against <paramref name="permits"/>.</summary>
    public ValueTask<RateLimitDecision> AcquireAsync(RateLimitPartition partition, int permits, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partition.Caller);
        SweepEndedWindows();
        var window = windows.GetOrAdd(partition, static _ => new CallerWindow());
        return TryDecide(partition, window, permits, out var decision, out _)
            ? ValueTask.FromResult(decision)
            : new ValueTask<RateLimitDecision>(AcquireLeasedAsync(partition, window, permits, cancellationToken));
    }

    private async Task<RateLimitDecision> AcquireLeasedAsync(RateLimitPartition partition, CallerWindow window, int permits, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryDecide(partition, window, permits, out var decision, out var leasing))
            {
                return decision;
            }

            if (!await leasing!.WaitAsync(cancellationToken))
            {
                return RateLimitDecision.Unlimited;
            }
        }
    }

    /// <summary>Decides from what this instance holds of the window, or hands out the Redis call to wait for.</summary>
    private bool TryDecide(RateLimitPartition partition, CallerWindow window, int permits, out RateLimitDecision decision, out Task<bool>? leasing)
    {
        lock (window)
        {
            leasing = null;
            var now = Environment.TickCount64;
            if (now >= window.EndsAt)
            {
                window.Reset();
            }

            if (window.Left > 0)
            {
                window.Left--;
                window.Used++;
                decision = new RateLimitDecision(true, permits, window.Used, TimeSpan.FromMilliseconds(window.EndsAt - now));
                return true;
            }

            if (window.Exhausted)
            {
                decision = new RateLimitDecision(false, permits, permits + 1, TimeSpan.FromMilliseconds(window.EndsAt - now));
                return true;
            }

            // One request asks Redis for the next lease; the others of this caller wait for its answer.
            window.Leasing ??= LeaseAsync(partition.Key, window, permits);
            leasing = window.Leasing;
            decision = default;
            return false;
        }
    }

    private async Task<bool> LeaseAsync(string partition, CallerWindow window, int permits)
    {
        await Task.Yield();
        var lease = options.LeaseSizeFor(permits);
        var attempt = await redis.TryAsync(
            "rate-limit",
            database => database.ScriptEvaluateAsync(
                TakeFromWindow, [(RedisKey)$"{redis.KeyPrefix}:rl:{partition}"], [(long)options.Window.TotalMilliseconds, lease]));
        lock (window)
        {
            window.Leasing = null;
            if (!attempt.Succeeded || attempt.Value is null)
            {
                return false;
            }

            var reply = (RedisResult[])attempt.Value!;
            var count = (long)reply[0];
            var countBefore = count - lease;
            var granted = (int)Math.Clamp(permits - countBefore, 0, lease);
            window.EndsAt = Environment.TickCount64 + Math.Max(1, (long)reply[1]);
            window.Left = granted;
            window.Used = countBefore;
            window.Exhausted = granted < lease;
            return true;
        }
    }

    /// <summary>Forgets callers whose window ended, at most once per window, so idle callers cost no memory.</summary>
    private void SweepEndedWindows()
    {
        var now = Environment.TickCount64;
        var due = Volatile.Read(ref nextSweep);
        if (now < due || Interlocked.CompareExchange(ref nextSweep, now + (long)options.Window.TotalMilliseconds, due) != due)
        {
            return;
        }

        foreach (var (partition, window) in windows)
        {
            lock (window)
            {
                if (now >= window.EndsAt && window.Leasing is null)
                {
                    windows.TryRemove(new KeyValuePair<RateLimitPartition, CallerWindow>(partition, window));
                }
            }
        }
    }

    /// <summary>What this instance knows of one caller's current window; guarded by locking the instance.</summary>
    private sealed class CallerWindow
    {
        public long EndsAt;
        public int Left;
        public long Used;
        public bool Exhausted;
        public Task<bool>? Leasing;

        public void Reset()
        {
            Left = 0;
            Used = 0;
            Exhausted = false;
        }
    }
}

/// <summary>
/// Whose budget a request counts against: a shop's user (<see cref="TenantId"/> and subject), or any other caller by a key
/// of its own. Compared as it is; its Redis key is built only when a lease is taken.
/// </summary>
public readonly record struct RateLimitPartition(Guid TenantId, string Caller)
{
    public static RateLimitPartition Of(string key) => new(Guid.Empty, key);

    public string Key => TenantId == Guid.Empty ? Caller : $"t:{TenantId:D}:u:{Caller}";
}

/// <summary>Whether a request may proceed; <see cref="ResetAfter"/> is when the caller's window ends.</summary>
public readonly record struct RateLimitDecision(bool Allowed, int Permits, long Count, TimeSpan ResetAfter)
{
    /// <summary>What is decided when Redis could not count: allowed.</summary>
    public static RateLimitDecision Unlimited => new(true, 0, 0, TimeSpan.Zero);

    /// <summary>Whole seconds until the window ends, at least 1: the value of <c>Retry-After</c>.</summary>
    public int RetryAfterSeconds => (int)Math.Max(1, Math.Ceiling(ResetAfter.TotalSeconds));
}
