namespace Platform.ServiceDefaults.Redis;

public static class TenantCacheExtensions
{
    /// <summary>
    /// <see cref="ITenantCache.GetOrLoadAsync{T, TState}"/> for a loader that needs no state (or captures what it needs).
    /// </summary>
    public static ValueTask<T?> GetOrLoadAsync<T>(
        this ITenantCache cache, Guid tenantId, string key, Func<CancellationToken, Task<T?>> loader, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        cache.GetOrLoadAsync(tenantId, key, loader, static (load, token) => load(token), ttl, cancellationToken);
}
