using Microsoft.Extensions.Logging.Abstractions;
using Platform.ServiceDefaults.Redis;

namespace Platform.ServiceDefaults.Tests.Redis;

/// <summary>
/// Two instances of a service, each with its memory tier in front of one Redis (a real server), sharing a key prefix as
/// instances of one service do.
/// </summary>
public sealed class TwoTierCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private readonly Guid tenant = Guid.NewGuid();

    [Fact]
    public async Task A_hit_is_answered_from_memory_without_asking_redis()
    {
        await using var redis = await TestRedis.CreateAsync("twotier");
        await using var instance = await Instance.StartAsync(redis.ConnectionString, RedisParts.Options(redis.KeyPrefix));
        Assert.Equal("v1", await instance.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("v1"), Ttl));

        // Gone from Redis behind the service's back (no invalidation): memory still answers, and the loader is not asked.
        Assert.NotEmpty(await redis.KeysAsync("t:*"));
        await redis.Database.KeyDeleteAsync((await redis.KeysAsync("t:*")).Select(key => (StackExchange.Redis.RedisKey)key).ToArray());
        var value = await instance.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("loaded again"), Ttl);

        Assert.Equal("v1", value);
    }

    [Fact]
    public async Task An_invalidation_on_one_instance_reaches_the_memory_of_the_other()
    {
        await using var redis = await TestRedis.CreateAsync("twotier");
        await using var reader = await Instance.StartAsync(redis.ConnectionString, RedisParts.Options(redis.KeyPrefix));
        await using var writer = await Instance.StartAsync(redis.ConnectionString, RedisParts.Options(redis.KeyPrefix));
        var source = "v1";
        Task<string?> Load(CancellationToken _) => Task.FromResult<string?>(source);
        Assert.Equal("v1", await reader.Cache.GetOrLoadAsync(tenant, "k", Load, Ttl));
        Assert.Equal("v1", await reader.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("not asked"), Ttl));

        source = "v2";
        await writer.Cache.InvalidateAsync(tenant, "k");

        await Eventually.MatchAsync(() => reader.Cache.GetOrLoadAsync(tenant, "k", Load, Ttl).AsTask(), value => value == "v2", what: "the other instance's invalidation");
    }

    [Fact]
    public async Task A_load_that_overlapped_an_invalidation_is_not_kept_in_memory()
    {
        await using var redis = await TestRedis.CreateAsync("twotier");
        await using var instance = await Instance.StartAsync(redis.ConnectionString, RedisParts.Options(redis.KeyPrefix));
        var loaderStarted = new TaskCompletionSource();
        var releaseLoader = new TaskCompletionSource();
        var slowLoad = instance.Cache.GetOrLoadAsync(tenant, "k", async _ =>
        {
            loaderStarted.SetResult();
            await releaseLoader.Task;
            return (string?)"old";
        }, Ttl);
        await loaderStarted.Task;

        await instance.Cache.InvalidateAsync(tenant, "k");
        releaseLoader.SetResult();
        Assert.Equal("old", await slowLoad);

        Assert.Equal("new", await instance.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("new"), Ttl));
    }

    [Fact]
    public async Task When_invalidations_can_no_longer_be_heard_memory_is_emptied_and_reads_go_to_the_source()
    {
        await using var server = await DisposableRedisServer.StartAsync();
        var options = RedisParts.Options("twotier-outage");
        options.OperationTimeout = TimeSpan.FromMilliseconds(500);
        options.BreakDuration = TimeSpan.FromMilliseconds(200);
        options.InvalidationHeartbeat = TimeSpan.FromMilliseconds(100);
        await using var instance = await Instance.StartAsync(server.ConnectionString, options);
        Assert.Equal("v1", await instance.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("v1"), Ttl));

        // Another instance could now change the source and fail to tell this one: memory must not be trusted any more.
        await server.StopAsync();

        await Eventually.MatchAsync(
            () => instance.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("v2"), Ttl).AsTask(), value => value == "v2", what: "memory emptied");
        Assert.False(instance.Bus.IsLive);
        Assert.Equal("v3", await instance.Cache.GetOrLoadAsync(tenant, "k", _ => Task.FromResult<string?>("v3"), Ttl));

        await server.StartAsync();
        await Eventually.MatchAsync(() => Task.FromResult(instance.Bus.IsLive), live => live, what: "invalidations heard again");
    }

    /// <summary>One service instance's cache: its own connection, bus and memory.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly RedisParts parts;

        private Instance(RedisParts parts)
        {
            this.parts = parts;
            Bus = new CacheInvalidationBus(parts.Connection, NullLogger<CacheInvalidationBus>.Instance);
            Cache = new TwoTierTenantCache(parts.Cache, Bus, parts.Connection.Options);
        }

        public CacheInvalidationBus Bus { get; }

        public TwoTierTenantCache Cache { get; }

        public static async Task<Instance> StartAsync(string connectionString, RedisOptions options)
        {
            var instance = new Instance(await RedisParts.ConnectAsync(connectionString, options));
            await instance.Bus.StartAsync(CancellationToken.None);
            await Eventually.MatchAsync(() => Task.FromResult(instance.Bus.IsLive), live => live, what: "invalidation bus live");
            return instance;
        }

        public async ValueTask DisposeAsync()
        {
            await Bus.StopAsync(CancellationToken.None);
            Bus.Dispose();
            Cache.Dispose();
            await parts.DisposeAsync();
        }
    }
}
