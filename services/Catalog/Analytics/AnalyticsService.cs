using Platform.Catalog.Stores;

namespace Platform.Catalog.Analytics;

public sealed class AnalyticsService(TenantStores stores)
{
    /// <summary>The product's figures over the period, or null for a product the shop does not have.</summary>
    public async Task<ProductStats?> ProductStatsAsync(Guid tenantId, Guid productId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        if (await store.Products.FindAsync(productId, cancellationToken) is null)
        {
            return null;
        }

        return new ProductStats(productId, from, to, await store.Analytics.ReadAsync(productId, from, to, cancellationToken));
    }
}
