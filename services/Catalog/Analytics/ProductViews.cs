using System.Collections.Concurrent;

namespace Platform.Catalog.Analytics;

/// <summary>
/// Counts product views in memory so a read stays a read (a database write per view would undo the cache). The
/// counts are flushed every few seconds by <see cref="ProductViewsFlusher"/>; a crash loses at most that interval's views.
/// </summary>
public sealed class ProductViews(TimeProvider clock)
{
    private ConcurrentDictionary<(Guid TenantId, Guid ProductId, DateOnly Day), long> counts = new();

    public void Count(Guid tenantId, Guid productId) =>
        counts.AddOrUpdate((tenantId, productId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)), 1, (_, count) => count + 1);

    /// <summary>Takes every count so far, grouped by tenant; counting goes on into a fresh set.</summary>
    public IReadOnlyDictionary<Guid, Dictionary<(Guid ProductId, DateOnly Day), long>> Drain()
    {
        var drained = Interlocked.Exchange(ref counts, new());
        return drained
            .GroupBy(entry => entry.Key.TenantId)
            .ToDictionary(group => group.Key, group => group.ToDictionary(entry => (entry.Key.ProductId, entry.Key.Day), entry => entry.Value));
    }

    /// <summary>Puts back counts that could not be stored, so they are tried again with the next flush.</summary>
    public void Return(Guid tenantId, IReadOnlyDictionary<(Guid ProductId, DateOnly Day), long> views)
    {
        foreach (var ((productId, day), count) in views)
        {
            counts.AddOrUpdate((tenantId, productId, day), count, (_, current) => current + count);
        }
    }
}
