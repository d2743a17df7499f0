namespace Platform.Contracts.Catalog;

public sealed record OrderLine(Guid ProductId, string ProductName, int Quantity, long UnitPriceCents);

/// <summary>An order was placed and its stock reserved.</summary>
public sealed record OrderPlaced(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid TenantId,
    Guid OrderId,
    long Number,
    IReadOnlyList<OrderLine> Lines,
    long TotalCents,
    string Currency,
    long Version) : IIntegrationEvent;

public sealed record OrderConfirmed(Guid Id, DateTimeOffset OccurredAt, Guid TenantId, Guid OrderId, long Number, long TotalCents, long Version) : IIntegrationEvent;

public sealed record OrderShipped(Guid Id, DateTimeOffset OccurredAt, Guid TenantId, Guid OrderId, long Number, long Version) : IIntegrationEvent;

/// <summary>The order reached its customer: its reserved stock is now sold.</summary>
public sealed record OrderDelivered(Guid Id, DateTimeOffset OccurredAt, Guid TenantId, Guid OrderId, long Number, IReadOnlyList<OrderLine> Lines, long Version) : IIntegrationEvent;

/// <summary>The order was cancelled and its reserved stock released.</summary>
public sealed record OrderCancelled(Guid Id, DateTimeOffset OccurredAt, Guid TenantId, Guid OrderId, long Number, long Version) : IIntegrationEvent;

/// <summary>A product's stock changed (restock, reservation, release, sale). <see cref="Reason"/> says which.</summary>
public sealed record StockChanged(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid TenantId,
    Guid ProductId,
    int Available,
    int Reserved,
    string Reason) : IIntegrationEvent;
