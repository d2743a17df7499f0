using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// Tells every instance of a service which cache entries to drop from its memory, over one Redis pub/sub channel
/// (<c>{prefix}:cache-invalidations</c>). Pub/sub delivers only to who is listening at the moment, so the bus checks that
/// it is: every <see cref="RedisOptions.InvalidationHeartbeat"/> it publishes a heartbeat and listens for its own echo.
/// <see cref="IsLive"/> is false once two heartbeats went unheard (or the subscription connection failed), and the owner
/// of the memory must then forget everything: an invalidation may have been missed.
/// </summary>
public sealed class CacheInvalidationBus(RedisConnection redis, ILogger<CacheInvalidationBus> logger) : BackgroundService
{
    private const string Heartbeat = "heartbeat";
    private readonly string instance = Guid.NewGuid().ToString("N");
    private long heardAt = long.MinValue / 2;
    private int lost = 1;

    /// <summary>Another instance invalidated these keys of this tenant.</summary>
    public event Action<Guid, IReadOnlyList<string>>? Invalidated;

    /// <summary>This instance may have missed invalidations (and <see cref="IsLive"/> turned false).</summary>
    public event Action? Lost;

    public bool IsLive =>
        Volatile.Read(ref lost) == 0 &&
        Environment.TickCount64 - Volatile.Read(ref heardAt) < 2 * (long)redis.Options.InvalidationHeartbeat.TotalMilliseconds;

    private RedisChannel Channel => $"{redis.KeyPrefix}:cache-invalidations";

    /// <summary>Tells the other instances; false when Redis could not take the message (they stop trusting their memory by themselves).</summary>
    public async Task<bool> PublishAsync(Guid tenantId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return true;
        }

        var message = string.Join('\n', [instance, tenantId.ToString("D"), .. keys]);
        var attempt = await redis.TryAsync("cache-invalidation-publish", database => database.PublishAsync(Channel, message), cancellationToken);
        return attempt.Succeeded;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await redis.GetMultiplexerAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Cache invalidations are not received; instances serve every read from Redis");
            return;
        }

        multiplexer.ConnectionFailed += (_, args) =>
        {
            if (args.ConnectionType == ConnectionType.Subscription)
            {
                MarkLost();
            }
        };
        var subscribed = false;
        var heartbeat = TimeSpan.FromMilliseconds(Math.Max(10, redis.Options.InvalidationHeartbeat.TotalMilliseconds));
        using var timer = new PeriodicTimer(heartbeat);
        do
        {
            if (!subscribed)
            {
                subscribed = await TrySubscribeAsync(multiplexer, stoppingToken);
            }

            if (!IsLive)
            {
                MarkLost();
            }

            await redis.TryAsync("cache-invalidation-heartbeat", database => database.PublishAsync(Channel, $"{instance}\n{Heartbeat}"), stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> TrySubscribeAsync(ConnectionMultiplexer multiplexer, CancellationToken stoppingToken)
    {
        try
        {
            // StackExchange.Redis subscribes the handler again by itself after every reconnect.
            await multiplexer.GetSubscriber().SubscribeAsync(Channel, (_, message) => Receive(message))
                .WaitAsync(redis.Options.ConnectTimeout, stoppingToken);
            return true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException && !stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug("Cache invalidation subscription waits for Redis: {Reason}", exception.Message);
            return false;
        }
    }

    private void Receive(RedisValue value)
    {
        var parts = ((string?)value ?? "").Split('\n');
        if (parts.Length < 2)
        {
            return;
        }

        if (parts[0] == instance)
        {
            if (parts[1] == Heartbeat)
            {
                Volatile.Write(ref heardAt, Environment.TickCount64);
                // Forgetting happened when the loss was noticed; from here on every invalidation is heard again.
                Volatile.Write(ref lost, 0);
            }

            return;
        }

        if (parts[1] != Heartbeat && Guid.TryParse(parts[1], out var tenantId) && parts.Length > 2)
        {
            Invalidated?.Invoke(tenantId, parts[2..]);
        }
    }

    private void MarkLost()
    {
        if (Interlocked.Exchange(ref lost, 1) == 0)
        {
            logger.LogWarning("Cache invalidations from other instances may have been missed; the memory tier is emptied until they are heard again");
        }

        Lost?.Invoke();
    }
}
