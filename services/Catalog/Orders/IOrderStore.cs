using Platform.Contracts;

namespace Platform.Catalog.Orders;

public abstract record PlaceOrderResult
{
    public sealed record Placed(Order Order) : PlaceOrderResult;

    /// <summary>The idempotency key was used before for the same request: the first order, unchanged.</summary>
    public sealed record Replayed(Order Order) : PlaceOrderResult;

    /// <summary>The idempotency key was used before for a different request.</summary>
    public sealed record KeyReused : PlaceOrderResult;

    public sealed record UnknownProducts(IReadOnlyList<Guid> ProductIds) : PlaceOrderResult;

    public sealed record InsufficientStock(IReadOnlyList<Guid> ProductIds) : PlaceOrderResult;

    public sealed record MixedCurrencies : PlaceOrderResult;

    /// <summary>The order names a customer the shop does not have, or one who was anonymised.</summary>
    public sealed record UnknownCustomer(Guid CustomerId) : PlaceOrderResult;
}

public abstract record MoveOrderResult
{
    public sealed record Moved(Order Order) : MoveOrderResult;

    public sealed record NotFound : MoveOrderResult;

    public sealed record InvalidTransition(OrderStatus Current) : MoveOrderResult;
}

public sealed record IdempotencyKey(string Key, string RequestFingerprint);

/// <summary>
/// Pricing and announcing stay with the caller; the store runs them inside the one transaction that checks the
/// idempotency key, reserves the stock and writes the order with its events.
/// </summary>
public sealed record OrderPlacement(
    NewOrder Draft,
    IdempotencyKey? Key,
    Func<Guid, IReadOnlyDictionary<Guid, ProductSnapshot>, long, Order?> Price,
    Func<Order, IReadOnlyList<StockLevelChange>, IReadOnlyList<IIntegrationEvent>> Announce);

/// <summary>A product's stock after a change, for the events that announce it.</summary>
public sealed record StockLevelChange(Guid ProductId, int Available, int Reserved);

/// <summary>One tenant's orders. Stock moves with them in the same transaction, and never below zero.</summary>
public interface IOrderStore
{
    Task<PlaceOrderResult> PlaceAsync(OrderPlacement placement, CancellationToken cancellationToken);

    Task<MoveOrderResult> MoveAsync(
        Guid orderId,
        OrderStatus target,
        Func<Order, Order> move,
        Func<Order, OrderStatus, IReadOnlyList<StockLevelChange>, IReadOnlyList<IIntegrationEvent>> announce,
        CancellationToken cancellationToken);

    Task<Order?> FindAsync(Guid orderId, CancellationToken cancellationToken);

    Task<OrderPage> ListAsync(OrderStatus? status, Guid? customerId, int page, int pageSize, CancellationToken cancellationToken);
}

public sealed record OrderPage(IReadOnlyList<Order> Items, long Total, int Page, int PageSize);
