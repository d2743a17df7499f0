using Platform.Catalog.Inventory;
using Platform.Catalog.Stores;
using Platform.Contracts;
using Platform.Contracts.Catalog;

namespace Platform.Catalog.Orders;

/// <summary>Orders' use cases: each change, its stock movement and its events are one transaction in the tenant's store.</summary>
public sealed class OrderService(TenantStores stores, StockBroadcast broadcast, TimeProvider clock)
{
    public async Task<PlaceOrderResult> PlaceAsync(Guid tenantId, NewOrder draft, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        var key = idempotencyKey is null ? null : new IdempotencyKey(idempotencyKey, draft.Fingerprint());
        IReadOnlyList<StockLevelChange> reserved = [];
        var result = await store.Orders.PlaceAsync(new OrderPlacement(
            draft,
            key,
            (id, products, number) => Order.Place(tenantId, id, draft, products, number, clock.GetUtcNow()),
            (order, stock) =>
            {
                reserved = stock;
                return [Placed(order), .. Stock(order, stock, "reserved")];
            }), cancellationToken);
        if (result is PlaceOrderResult.Placed)
        {
            await broadcast.PublishAsync(tenantId, reserved, "reserved", cancellationToken);
        }

        return result;
    }

    public async Task<MoveOrderResult> MoveAsync(Guid tenantId, Guid orderId, OrderStatus target, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        var reason = target == OrderStatus.Delivered ? "sold" : "released";
        IReadOnlyList<StockLevelChange> changed = [];
        var result = await store.Orders.MoveAsync(
            orderId,
            target,
            order => order.MoveTo(target, clock.GetUtcNow()),
            (order, _, stock) =>
            {
                changed = stock;
                return [Moved(order), .. Stock(order, stock, reason)];
            },
            cancellationToken);
        if (result is MoveOrderResult.Moved)
        {
            await broadcast.PublishAsync(tenantId, changed, reason, cancellationToken);
        }

        return result;
    }

    public async Task<Order?> FindAsync(Guid tenantId, Guid orderId, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        return await store.Orders.FindAsync(orderId, cancellationToken);
    }

    public async Task<OrderPage> ListAsync(Guid tenantId, OrderStatus? status, Guid? customerId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        return await store.Orders.ListAsync(status, customerId, page, pageSize, cancellationToken);
    }

    private static OrderPlaced Placed(Order order) => new(
        Guid.CreateVersion7(), order.PlacedAt, order.TenantId, order.Id, order.Number, Lines(order), order.TotalCents, order.Currency, order.Version);

    private static IIntegrationEvent Moved(Order order) => order.Status switch
    {
        OrderStatus.Confirmed => new OrderConfirmed(Guid.CreateVersion7(), order.UpdatedAt, order.TenantId, order.Id, order.Number, order.TotalCents, order.Version),
        OrderStatus.Shipped => new OrderShipped(Guid.CreateVersion7(), order.UpdatedAt, order.TenantId, order.Id, order.Number, order.Version),
        OrderStatus.Delivered => new OrderDelivered(Guid.CreateVersion7(), order.UpdatedAt, order.TenantId, order.Id, order.Number, Lines(order), order.Version),
        OrderStatus.Cancelled => new OrderCancelled(Guid.CreateVersion7(), order.UpdatedAt, order.TenantId, order.Id, order.Number, order.Version),
        _ => throw new InvalidOperationException($"No event announces a move to {order.Status}."),
    };

    private static IEnumerable<IIntegrationEvent> Stock(Order order, IReadOnlyList<StockLevelChange> stock, string reason) => stock.Select(level =>
        new StockChanged(Guid.CreateVersion7(), order.UpdatedAt, order.TenantId, level.ProductId, level.Available, level.Reserved, reason));

    private static List<OrderLine> Lines(Order order) =>
        order.Items.Select(item => new OrderLine(item.ProductId, item.ProductName, item.Quantity, item.UnitPriceCents)).ToList();
}
