using Microsoft.Extensions.Caching.Memory;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// <see cref="ITenantCache"/> with each instance's own memory in front of <see cref="RedisTenantCache"/>: a hit costs no
/// round trip. Every invalidation and write-through drops the entry from this instance's memory at once and, through
/// <see cref="CacheInvalidationBus"/>, from every other instance's within a pub/sub delivery; Redis itself is
/// invalidated as before. Memory is used only while the bus is live, and emptied whenever it may have missed a message,
/// so an instance never serves an entry another instance invalidated beyond that delivery time.
/// </summary>
/// <remarks>
/// A load that began before an invalidation (it may have read the old value) must not store its result in memory
/// afterwards. Every invalidation this instance hears moves <see cref="invalidations"/> on, and a load stores only if it
/// did not move while the load ran: coarse (any invalidation holds back every load under way), but a held-back load only
/// costs the next read a Redis round trip.
/// </remarks>
public sealed class TwoTierTenantCache : ITenantCache, IDisposable
{
    private const int MaxStackKeyLength = 256;

    private readonly RedisTenantCache shared;
    private readonly CacheInvalidationBus bus;
    private readonly RedisOptions options;
    private readonly MemoryCache memory;
    private long invalidations;

    public TwoTierTenantCache(RedisTenantCache shared, CacheInvalidationBus bus, RedisOptions options)
    {
        this.shared = shared;
        this.bus = bus;
        this.options = options;
        memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.LocalCacheEntries) });
        bus.Invalidated += Forget;
        bus.Lost += ForgetEverything;
    }

    private bool MemoryInUse => options.LocalCacheEntries > 0 && bus.IsLive;

    public ValueTask<T?> GetOrLoadAsync<T, TState>(
        Guid tenantId, string key, TState state, Func<TState, CancellationToken, Task<T?>> loader, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        return MemoryInUse && Remembered(tenantId, key) is T hit
            ? ValueTask.FromResult<T?>(hit)
            : LoadAsync(tenantId, key, state, loader, ttl, cancellationToken);
    }

    private async ValueTask<T?> LoadAsync<T, TState>(
        Guid tenantId, string key, TState state, Func<TState, CancellationToken, Task<T?>> loader, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var memoryKey = MemoryKey(tenantId, key);
        var before = Interlocked.Read(ref invalidations);
        var value = await shared.GetOrLoadAsync(tenantId, key, state, loader, ttl, cancellationToken);
        if (value is not null && MemoryInUse && Interlocked.Read(ref invalidations) == before)
        {
            var lifetime = ttl < options.LocalCacheTtl ? ttl : options.LocalCacheTtl;
            memory.Set(memoryKey, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime });
        }

        return value;
    }

    public async Task SetAsync<T>(Guid tenantId, string key, T value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        Forget(tenantId, [key]);
        await shared.SetAsync(tenantId, key, value, ttl, cancellationToken);
        await bus.PublishAsync(tenantId, [key], cancellationToken);
    }

    public Task InvalidateAsync(Guid tenantId, string key, CancellationToken cancellationToken = default) =>
        InvalidateAsync(tenantId, [key], cancellationToken);

    public async Task InvalidateAsync(Guid tenantId, IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        var list = keys as IReadOnlyList<string> ?? keys.ToList();
        Forget(tenantId, list);
        await shared.InvalidateAsync(tenantId, list, cancellationToken);
        await bus.PublishAsync(tenantId, list, cancellationToken);
    }

    private void Forget(Guid tenantId, IReadOnlyList<string> keys)
    {
        Interlocked.Increment(ref invalidations);
        foreach (var key in keys)
        {
            memory.Remove(MemoryKey(tenantId, key));
        }
    }

    private void ForgetEverything()
    {
        Interlocked.Increment(ref invalidations);
        memory.Clear();
    }

    private static string MemoryKey(Guid tenantId, string key) => string.Create(MemoryKeyLength(key), (tenantId, key), WriteMemoryKey);

    /// <summary>The entry in this instance's memory, looked up by a key written on the stack: a hit allocates nothing.</summary>
    private object? Remembered(Guid tenantId, string key)
    {
        var length = MemoryKeyLength(key);
        if (length > MaxStackKeyLength)
        {
            return memory.TryGetValue(MemoryKey(tenantId, key), out var stored) ? stored : null;
        }

        Span<char> memoryKey = stackalloc char[length];
        WriteMemoryKey(memoryKey, (tenantId, key));
        return memory.TryGetValue(memoryKey, out var remembered) ? remembered : null;
    }

    private static int MemoryKeyLength(string key) => 33 + key.Length;

    // The tenant as 32 hex digits, a colon, the key: no two tenants' keys can meet.
    private static void WriteMemoryKey(Span<char> destination, (Guid TenantId, string Key) parts)
    {
        parts.TenantId.TryFormat(destination, out _, "N");
        destination[32] = ':';
        parts.Key.CopyTo(destination[33..]);
    }

    public void Dispose()
    {
        bus.Invalidated -= Forget;
        bus.Lost -= ForgetEverything;
        memory.Dispose();
    }
}
