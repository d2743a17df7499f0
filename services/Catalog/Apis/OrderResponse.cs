using Platform.Catalog.Orders;

namespace Platform.Catalog.Apis;

public sealed record OrderItemResponse(Guid ProductId, string ProductName, int Quantity, long UnitPriceCents, long TotalCents);

public sealed record OrderResponse(
    Guid Id,
    long Number,
    OrderStatus Status,
    IReadOnlyList<OrderItemResponse> Items,
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
    public static OrderResponse From(Order order) => new(
        order.Id,
        order.Number,
        order.Status,
        order.Items.Select(item => new OrderItemResponse(item.ProductId, item.ProductName, item.Quantity, item.UnitPriceCents, item.TotalCents)).ToList(),
        order.TotalCents,
        order.Currency,
        order.Description,
        order.Priority,
        order.DueAt,
        order.Assignee,
        order.PlacedAt,
        order.UpdatedAt,
        order.CompletedAt,
        order.Version,
        order.CustomerId);
}

public sealed record OrderPageResponse(IReadOnlyList<OrderResponse> Items, long Total, int Page, int PageSize);
