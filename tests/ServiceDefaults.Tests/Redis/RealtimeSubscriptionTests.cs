using Platform.ServiceDefaults.Redis;

namespace Platform.ServiceDefaults.Tests.Redis;

public sealed class RealtimeSubscriptionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_slow_subscriber_loses_the_oldest_events_and_keeps_the_newest()
    {
        await using var redis = await TestRedis.CreateAsync("realtime");
        var options = RedisParts.Options(redis.KeyPrefix);
        options.SubscriberCapacity = 4;
        await using var parts = await RedisParts.ConnectAsync(redis.ConnectionString, options);
        var tenant = Guid.NewGuid();
        await using var subscription = await parts.Events.SubscribeAsync(tenant);

        for (var i = 1; i <= 10; i++)
        {
            Assert.True(await parts.Events.PublishAsync(tenant, "tick", new { N = i }));
        }

        await Eventually.MatchAsync(() => Task.FromResult(subscription.Dropped), dropped => dropped == 6, what: "six dropped");
        var kept = new List<int>();
        await foreach (var tenantEvent in subscription.WithCancellation(new CancellationTokenSource(Bound).Token))
        {
            kept.Add(tenantEvent.Data.GetProperty("n").GetInt32());
            if (kept.Count == 4)
            {
                break;
            }
        }

        Assert.Equal([7, 8, 9, 10], kept);
    }

    [Fact]
    public async Task Publishing_while_redis_is_down_returns_false_and_a_subscription_made_then_receives_events_once_it_is_back()
    {
        await using var server = await DisposableRedisServer.StartAsync(running: false);
        var options = RedisParts.Options("down");
        options.BreakDuration = TimeSpan.FromMilliseconds(200);
        await using var parts = await RedisParts.ConnectAsync(server.ConnectionString, options, waitForConnection: false);
        var tenant = Guid.NewGuid();

        Assert.False(await parts.Events.PublishAsync(tenant, "tick", new { N = 0 }).WaitAsync(Bound));
        await using var subscription = await parts.Events.SubscribeAsync(tenant).WaitAsync(Bound);
        await using var events = subscription.GetAsyncEnumerator();
        var next = events.MoveNextAsync().AsTask();

        await server.StartAsync();

        // Published until one arrives: when the multiplexer resubscribes after reconnecting is its own business.
        await Eventually.MatchAsync(
            async () =>
            {
                await parts.Events.PublishAsync(tenant, "tick", new { N = 1 });
                return next.IsCompleted;
            },
            arrived => arrived,
            what: "an event after Redis came up");
        Assert.True(await next);
        Assert.Equal("tick", events.Current.Name);
    }

    [Fact]
    public async Task An_event_name_must_be_one_line()
    {
        await using var redis = await TestRedis.CreateAsync("realtime");
        await using var parts = await RedisParts.ConnectAsync(redis.ConnectionString, RedisParts.Options(redis.KeyPrefix));

        await Assert.ThrowsAsync<ArgumentException>(() => parts.Events.PublishAsync(Guid.NewGuid(), "a\ndata: forged", new { }));
    }
}
