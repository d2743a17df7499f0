using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Redis;

namespace Platform.ServiceDefaults.Tests.Redis;

/// <summary>Cache-aside against a Redis server of the test's own, stopped and frozen on purpose.</summary>
public sealed class CacheOutageTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly Guid tenant = Guid.NewGuid();

    [Fact]
    public async Task With_redis_down_every_read_comes_from_the_loader_the_outage_is_logged_once_and_the_cache_returns_with_redis()
    {
        await using var server = await DisposableRedisServer.StartAsync();
        await using var parts = await RedisParts.ConnectAsync(server.ConnectionString, new RedisOptions
        {
            KeyPrefix = "outage",
            OperationTimeout = TestRedis.OperationTimeout,
            BreakDuration = TimeSpan.FromMilliseconds(200),
        });
        await parts.Cache.SetAsync(tenant, "k", "cached", Ttl);

        await server.StopAsync();
        var loads = 0;
        for (var i = 0; i < 20; i++)
        {
            var value = await parts.Cache.GetOrLoadAsync(tenant, "k", _ => { loads++; return Task.FromResult<string?>("from database"); }, Ttl).AsTask().WaitAsync(Bound);
            Assert.Equal("from database", value);
            await parts.Cache.InvalidateAsync(tenant, "k").WaitAsync(Bound);
        }

        Assert.Equal(20, loads);
        Assert.Equal(1, parts.Logs.Count(LogLevel.Warning, nameof(RedisConnection)));

        await server.StartAsync();
        var cached = await Eventually.MatchAsync(
            async () =>
            {
                await parts.Cache.SetAsync(tenant, "k", "cached again", Ttl);
                return await parts.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("from database"), Ttl);
            },
            value => value == "cached again",
            what: "cache used again after Redis returned");
        Assert.Equal("cached again", cached);
        Assert.Equal(1, parts.Logs.Count(LogLevel.Information, nameof(RedisConnection)));
    }

    [Fact]
    public async Task A_frozen_redis_costs_one_timeout_then_reads_skip_it_for_the_break()
    {
        await using var server = await DisposableRedisServer.StartAsync();
        var options = RedisParts.Options("frozen");
        options.BreakDuration = TimeSpan.FromMinutes(10);
        await using var parts = await RedisParts.ConnectAsync(server.ConnectionString, options);
        await parts.Cache.SetAsync(tenant, "k", "cached", Ttl);
        Assert.Equal("cached", await parts.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("from database"), Ttl));

        // Short only now, so that the arrangement above cannot time out on a busy machine.
        options.OperationTimeout = TimeSpan.FromMilliseconds(300);
        server.Pause();
        var duringFreeze = await parts.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("from database"), Ttl).AsTask().WaitAsync(Bound);
        server.Resume();

        // Redis answers again, and holds the entry, but the break is open: reads do not even try it.
        var duringBreak = await parts.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("from database"), Ttl).AsTask().WaitAsync(Bound);
        Assert.Equal("from database", duringFreeze);
        Assert.Equal("from database", duringBreak);
        Assert.False(parts.Connection.IsAvailable);
    }

    [Fact]
    public async Task A_service_whose_redis_is_down_from_the_start_reads_from_the_loader()
    {
        await using var server = await DisposableRedisServer.StartAsync(running: false);
        await using var parts = await RedisParts.ConnectAsync(server.ConnectionString, new RedisOptions { KeyPrefix = "never" }, waitForConnection: false);

        var value = await parts.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("from database"), Ttl).AsTask().WaitAsync(Bound);
        await parts.Cache.SetAsync(tenant, "k", "ignored", Ttl).WaitAsync(Bound);

        Assert.Equal("from database", value);
    }
}
