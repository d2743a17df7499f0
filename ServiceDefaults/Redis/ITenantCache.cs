namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// Cache-aside for one tenant's data: every entry lives under its tenant's key space, so a tenant never reads another's
/// entry. Never throws because Redis is down or slow: reads fall through to the loader, writes and invalidations are skipped.
/// </summary>
public interface ITenantCache
{
    /// <summary>
    /// The cached value of <paramref name="key"/>, else what <paramref name="loader"/> returns for <paramref name="state"/>
    /// (read from the source of truth), cached for <paramref name="ttl"/>. A null result is returned but not cached. The
    /// loader's inputs come as state, so a static loader lets a hit allocate no closure.
    /// </summary>
    ValueTask<T?> GetOrLoadAsync<T, TState>(
        Guid tenantId, string key, TState state, Func<TState, CancellationToken, Task<T?>> loader, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Caches <paramref name="value"/> (write-through, after the source of truth committed it); loads already under way cannot overwrite it.</summary>
    Task SetAsync<T>(Guid tenantId, string key, T value, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the entries, after the change to the source of truth committed; loads that read the old data before this
    /// call cannot store it afterwards.
    /// </summary>
    Task InvalidateAsync(Guid tenantId, IEnumerable<string> keys, CancellationToken cancellationToken = default);

    Task InvalidateAsync(Guid tenantId, string key, CancellationToken cancellationToken = default);
}
