using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Telemetry;
using StackExchange.Redis;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// <see cref="ITenantEvents"/> on Redis pub/sub. Every subscriber of an instance shares the multiplexer's one
/// subscription connection (StackExchange.Redis sends one SUBSCRIBE per channel however many handlers it has, and
/// subscribes again by itself after a reconnect).
/// </summary>
public sealed class RedisTenantEvents(RedisConnection redis, ILogger<RedisTenantEvents> logger) : ITenantEvents
{
    private static readonly Counter<long> Dropped = PlatformDiagnostics.Meter.CreateCounter<long>(
        "platform.realtime.dropped", unit: "{event}", description: "Realtime events dropped because a subscriber read too slowly");

    public async Task<bool> PublishAsync<T>(Guid tenantId, string eventName, T payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        if (eventName.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("An event name is one line (it becomes an SSE 'event:' field).", nameof(eventName));
        }

        var channel = Channel(tenantId);
        var message = TenantSubscription.Serialize(eventName, payload);
        var attempt = await redis.TryAsync("realtime-publish", database => database.PublishAsync(channel, message), cancellationToken);
        return attempt.Succeeded;
    }

    public async Task<TenantSubscription> SubscribeAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var channel = Channel(tenantId);
        long dropped = 0;
        var queue = System.Threading.Channels.Channel.CreateBounded<byte[]>(
            new BoundedChannelOptions(redis.Options.SubscriberCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ =>
            {
                Interlocked.Increment(ref dropped);
                Dropped.Add(1);
            });
        Action<RedisChannel, RedisValue> handler = (_, message) => queue.Writer.TryWrite((byte[])message!);

        var subscriber = (await redis.GetMultiplexerAsync(cancellationToken)).GetSubscriber();
        try
        {
            await subscriber.SubscribeAsync(channel, handler).WaitAsync(redis.Options.ConnectTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // The handler stays registered with the multiplexer, which subscribes it when Redis is back.
            logger.LogWarning("Realtime subscription to {Channel} waits for Redis: {Reason}", (string?)channel, exception.Message);
        }

        return new TenantSubscription(tenantId, queue.Reader, () => Interlocked.Read(ref dropped), async () =>
        {
            queue.Writer.TryComplete();
            try
            {
                await subscriber.UnsubscribeAsync(channel, handler).WaitAsync(redis.Options.OperationTimeout);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Redis is gone, and the subscription with it on its side; the queue is complete, so nothing is delivered any more.
            }
        });
    }

    private RedisChannel Channel(Guid tenantId)
    {
        if (tenantId == Guid.Empty)
        {
            throw new ArgumentException("Realtime events belong to a tenant; the empty id names none.", nameof(tenantId));
        }

        return $"{redis.KeyPrefix}:rt:{tenantId:D}";
    }
}
