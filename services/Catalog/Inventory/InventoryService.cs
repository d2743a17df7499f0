using Platform.Catalog.Orders;
using Platform.Catalog.Stores;
using Platform.Contracts.Catalog;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Catalog.Inventory;

public sealed class InventoryService(TenantStores stores, StockBroadcast broadcast, TimeProvider clock)
{
    public async Task<StockLevel?> RestockAsync(Guid tenantId, Guid productId, int quantity, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        var now = PostgresTime.Truncate(clock.GetUtcNow());
        var level = await store.Inventory.RestockAsync(productId, quantity, now, level =>
            [new StockChanged(Guid.CreateVersion7(), now, tenantId, productId, level.Available, level.Reserved, "restocked")], cancellationToken);
        if (level is not null)
        {
            await broadcast.PublishAsync(tenantId, [new StockLevelChange(productId, level.Available, level.Reserved)], "restocked", cancellationToken);
        }

        return level;
    }

    public async Task<StockLevel?> FindAsync(Guid tenantId, Guid productId, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        return await store.Inventory.FindAsync(productId, cancellationToken);
    }

    public async Task<IReadOnlyList<StockLevel>> ListLowAsync(Guid tenantId, int limit, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        return await store.Inventory.ListLowAsync(limit, cancellationToken);
    }
}
