using System.Text.Json;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Redis;

namespace Platform.ServiceDefaults.Tests.Redis;

public sealed class TenantCacheTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private readonly Guid tenantA = Guid.NewGuid();
    private readonly Guid tenantB = Guid.NewGuid();
    private TestRedis redis = null!;
    private RedisParts parts = null!;

    public async Task InitializeAsync()
    {
        redis = await TestRedis.CreateAsync("cache");
        parts = await RedisParts.ConnectAsync(redis.ConnectionString, RedisParts.Options(redis.KeyPrefix));
    }

    public async Task DisposeAsync()
    {
        await parts.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task A_miss_loads_and_stores_the_value_as_json_under_the_tenant_and_a_hit_does_not_load()
    {
        var loads = 0;
        var product = new Product("Caneca", 2990);

        var first = await parts.Cache.GetOrLoadAsync(tenantA, "product:1", _ => { loads++; return Task.FromResult<Product?>(product); }, Ttl);
        var second = await parts.Cache.GetOrLoadAsync(tenantA, "product:1", _ => { loads++; return Task.FromResult<Product?>(null); }, Ttl);

        Assert.Equal(product, first);
        Assert.Equal(product, second);
        Assert.Equal(1, loads);
        var key = $"{redis.KeyPrefix}:t:{tenantA:D}:product:1";
        using var stored = JsonDocument.Parse((string)(await redis.Database.StringGetAsync(key))!);
        Assert.Equal("Caneca", stored.RootElement.GetProperty("name").GetString());
        var ttl = await redis.Database.KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), Ttl);
    }

    [Fact]
    public async Task Two_tenants_with_the_same_key_never_read_each_others_entry()
    {
        await parts.Cache.SetAsync(tenantA, "settings", new Product("A's", 1), Ttl);

        var seenByB = await parts.Cache.GetOrLoadAsync(tenantB, "settings", _ => Task.FromResult<Product?>(new Product("B's", 2)), Ttl);
        var seenByA = await parts.Cache.GetOrLoadAsync(tenantA, "settings", _ => Task.FromResult<Product?>(new Product("reloaded", 0)), Ttl);

        Assert.Equal("B's", seenByB!.Name);
        Assert.Equal("A's", seenByA!.Name);
    }

    [Fact]
    public async Task After_an_invalidation_the_next_read_loads_again()
    {
        await parts.Cache.GetOrLoadAsync(tenantA, "product:1", _ => Task.FromResult<Product?>(new Product("old", 1)), Ttl);
        await parts.Cache.GetOrLoadAsync(tenantA, "product:2", _ => Task.FromResult<Product?>(new Product("other", 1)), Ttl);

        await parts.Cache.InvalidateAsync(tenantA, ["product:1", "product:2"]);

        var reloaded = await parts.Cache.GetOrLoadAsync(tenantA, "product:1", _ => Task.FromResult<Product?>(new Product("new", 2)), Ttl);
        Assert.Equal("new", reloaded!.Name);
        Assert.False(await redis.Database.KeyExistsAsync($"{redis.KeyPrefix}:t:{tenantA:D}:product:2"));
    }

    [Fact]
    public async Task A_load_that_read_the_old_row_before_an_invalidation_cannot_store_it_afterwards()
    {
        var loaderRead = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var slowLoad = parts.Cache.GetOrLoadAsync(tenantA, "product:1", async _ =>
        {
            loaderRead.SetResult();
            await release.Task;
            return new Product("old", 1);
        }, Ttl);
        await loaderRead.Task;

        // The writer commits the new row and invalidates while the slow loader still holds the old one.
        await parts.Cache.InvalidateAsync(tenantA, "product:1");
        release.SetResult();
        Assert.Equal("old", (await slowLoad)!.Name);

        var next = await parts.Cache.GetOrLoadAsync(tenantA, "product:1", _ => Task.FromResult<Product?>(new Product("new", 2)), Ttl);
        Assert.Equal("new", next!.Name);
    }

    [Fact]
    public async Task A_load_that_overlaps_a_write_through_cannot_overwrite_it()
    {
        var loaderRead = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var slowLoad = parts.Cache.GetOrLoadAsync(tenantA, "product:1", async _ =>
        {
            loaderRead.SetResult();
            await release.Task;
            return new Product("old", 1);
        }, Ttl);
        await loaderRead.Task;

        await parts.Cache.SetAsync(tenantA, "product:1", new Product("written", 3), Ttl);
        release.SetResult();
        await slowLoad;

        var cached = await parts.Cache.GetOrLoadAsync(tenantA, "product:1", _ => Task.FromResult<Product?>(new Product("loaded", 4)), Ttl);
        Assert.Equal("written", cached!.Name);
    }

    [Fact]
    public async Task A_null_result_is_returned_and_not_cached()
    {
        var missing = await parts.Cache.GetOrLoadAsync(tenantA, "product:9", _ => Task.FromResult<Product?>(null), Ttl);
        var created = await parts.Cache.GetOrLoadAsync(tenantA, "product:9", _ => Task.FromResult<Product?>(new Product("created", 1)), Ttl);

        Assert.Null(missing);
        Assert.Equal("created", created!.Name);
    }

    [Fact]
    public async Task An_entry_in_another_shape_is_reloaded_and_replaced()
    {
        await redis.Database.StringSetAsync($"{redis.KeyPrefix}:t:{tenantA:D}:product:1", "[1,2,3]");

        var loaded = await parts.Cache.GetOrLoadAsync(tenantA, "product:1", _ => Task.FromResult<Product?>(new Product("fresh", 5)), Ttl);
        var cached = await parts.Cache.GetOrLoadAsync(tenantA, "product:1", _ => Task.FromResult<Product?>(new Product("again", 6)), Ttl);

        Assert.Equal("fresh", loaded!.Name);
        Assert.Equal("fresh", cached!.Name);
    }

    [Fact]
    public async Task Values_of_any_json_shape_round_trip()
    {
        var count = await parts.Cache.GetOrLoadAsync(tenantA, "count", _ => Task.FromResult(42), Ttl);
        var cachedCount = await parts.Cache.GetOrLoadAsync(tenantA, "count", _ => Task.FromResult(0), Ttl);
        var list = await parts.Cache.GetOrLoadAsync(tenantA, "list", _ => Task.FromResult<List<string>?>(["a", "ç"]), Ttl);
        var cachedList = await parts.Cache.GetOrLoadAsync(tenantA, "list", _ => Task.FromResult<List<string>?>([]), Ttl);

        Assert.Equal(42, count);
        Assert.Equal(42, cachedCount);
        Assert.Equal(list, cachedList);
    }

    [Fact]
    public async Task The_empty_tenant_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => parts.Cache.GetOrLoadAsync(Guid.Empty, "k", _ => Task.FromResult<Product?>(null), Ttl).AsTask());
    }

    public sealed record Product(string Name, long PriceCents);
}
