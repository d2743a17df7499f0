using StackExchange.Redis;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// Fixed windows counted in Redis, so every instance of a service draws on one budget per caller. A window starts with
/// the caller's first request and lasts <see cref="RateLimitingOptions.Window"/>; the count and its expiry are set in
/// one script, so a crash between them can never leave a counter that does not expire.
/// </summary>
/// <remarks>
/// Redis unavailable: the request is allowed and nothing is counted. Limiting protects the platform from a caller;
/// refusing every caller because the limiter's own store is down would turn a cache outage into a full outage, and the
/// database still answers. Budgets restart when Redis returns.
/// </remarks>
public sealed class RedisRateLimiter(RedisConnection redis, RateLimitingOptions options)
{
    private const string CountInWindow = """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return { count, ttl }
        """;

    public RateLimitingOptions Options => options;

    /// <summary>Counts one request of <paramref name="partition"/> against <paramref name="permits"/>.</summary>
    public async Task<RateLimitDecision> AcquireAsync(string partition, int permits, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partition);
        var window = (long)options.Window.TotalMilliseconds;
        var attempt = await redis.TryAsync(
            "rate-limit",
            database => database.ScriptEvaluateAsync(CountInWindow, [(RedisKey)$"{redis.KeyPrefix}:rl:{partition}"], [window]),
            cancellationToken);
        if (!attempt.Succeeded || attempt.Value is null)
        {
            return RateLimitDecision.Unlimited;
        }

        var reply = (RedisResult[])attempt.Value!;
        var count = (long)reply[0];
        var remaining = TimeSpan.FromMilliseconds(Math.Max(0, (long)reply[1]));
        return new RateLimitDecision(count <= permits, permits, count, remaining);
    }
}

/// <summary>Whether a request may proceed; <see cref="ResetAfter"/> is when the caller's window ends.</summary>
public readonly record struct RateLimitDecision(bool Allowed, int Permits, long Count, TimeSpan ResetAfter)
{
    /// <summary>What is decided when Redis could not count: allowed.</summary>
    public static RateLimitDecision Unlimited => new(true, 0, 0, TimeSpan.Zero);

    /// <summary>Whole seconds until the window ends, at least 1: the value of <c>Retry-After</c>.</summary>
    public int RetryAfterSeconds => (int)Math.Max(1, Math.Ceiling(ResetAfter.TotalSeconds));
}
