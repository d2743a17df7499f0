using Platform.ServiceDefaults.Persistence;

namespace Platform.Catalog.Orders;

public enum OrderStatus
{
    Pending,
    Confirmed,
    Shipped,
    Delivered,
    Cancelled,
}

public enum OrderPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public sealed record OrderItem(Guid ProductId, string ProductName, int Quantity, long UnitPriceCents)
{
    public long TotalCents => Quantity * UnitPriceCents;
}

/// <summary>What a product is worth when an order takes it: its name and price at that moment.</summary>
public sealed record ProductSnapshot(Guid ProductId, string Name, long PriceCents, string Currency);

/// <summary>
/// A shop's order, also serving repair shops' service orders (description, priority, due date, assignee). Its items
/// keep the name and price they had when it was placed; the stock it holds moves with its status.
/// </summary>
public sealed record Order(
    Guid TenantId,
    Guid Id,
    long Number,
    OrderStatus Status,
    IReadOnlyList<OrderItem> Items,
    long TotalCents,
    string Currency,
    string? Description,
    OrderPriority Priority,
    DateTimeOffset? DueAt,
    string? Assignee,
    DateTimeOffset PlacedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    long Version,
    Guid? CustomerId)
{
    /// <summary>Prices the draft from the products as they are now; null when they do not share one currency.</summary>
    public static Order? Place(Guid tenantId, Guid id, NewOrder draft, IReadOnlyDictionary<Guid, ProductSnapshot> products, long number, DateTimeOffset clockNow)
    {
        var currencies = draft.Items.Select(item => products[item.ProductId].Currency).Distinct().ToList();
        if (currencies.Count != 1)
        {
            return null;
        }

        var now = PostgresTime.Truncate(clockNow);
        var items = draft.Items
            .Select(item => new OrderItem(item.ProductId, products[item.ProductId].Name, item.Quantity, products[item.ProductId].PriceCents))
            .ToList();
        return new Order(tenantId, id, number, OrderStatus.Pending, items, items.Sum(item => item.TotalCents),
            currencies[0], draft.Description, draft.Priority, draft.DueAt is { } due ? PostgresTime.Truncate(due.ToUniversalTime()) : null,
            draft.Assignee, now, now, CompletedAt: null, Version: 1, draft.CustomerId);
    }

    /// <summary>pending → confirmed → shipped → delivered; cancelled from pending or confirmed.</summary>
    public static bool CanMove(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.Pending, OrderStatus.Confirmed) => true,
        (OrderStatus.Confirmed, OrderStatus.Shipped) => true,
        (OrderStatus.Shipped, OrderStatus.Delivered) => true,
        (OrderStatus.Pending or OrderStatus.Confirmed, OrderStatus.Cancelled) => true,
        _ => false,
    };

    /// <summary>What the move does to the stock the order holds: a cancellation releases it, a delivery sells it.</summary>
    public static StockEffect EffectOf(OrderStatus to) => to switch
    {
        OrderStatus.Cancelled => StockEffect.Release,
        OrderStatus.Delivered => StockEffect.Sell,
        _ => StockEffect.None,
    };

    public Order MoveTo(OrderStatus next, DateTimeOffset clockNow)
    {
        var now = PostgresTime.Truncate(clockNow);
        return this with
        {
            Status = next,
            UpdatedAt = now,
            CompletedAt = next is OrderStatus.Delivered or OrderStatus.Cancelled ? now : CompletedAt,
            Version = Version + 1,
        };
    }
}

public enum StockEffect
{
    None,
    Release,
    Sell,
}
