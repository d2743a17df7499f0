using Platform.Catalog.Orders;
using Platform.ServiceDefaults.Redis;

namespace Platform.Catalog.Inventory;

/// <summary>
/// Pushes committed stock changes to the shop's realtime subscribers (its frontends' server-sent event streams). Best
/// effort by design: the integration events in the outbox are the record; a client that missed a push re-reads.
/// </summary>
public sealed class StockBroadcast(ITenantEvents events)
{
    public const string EventName = "stock-changed";

    public async Task PublishAsync(Guid tenantId, IEnumerable<StockLevelChange> changes, string reason, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            await events.PublishAsync(tenantId, EventName, new { change.ProductId, change.Available, change.Reserved, reason }, cancellationToken);
        }
    }
}
