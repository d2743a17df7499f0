using Platform.Contracts;

namespace Platform.Catalog.Inventory;

public interface IInventoryStore
{
    /// <summary>Adds stock to a product (creating its stock record), with its events; null for an unknown product.</summary>
    Task<StockLevel?> RestockAsync(Guid productId, int quantity, DateTimeOffset at, Func<StockLevel, IReadOnlyList<IIntegrationEvent>> announce, CancellationToken cancellationToken);

    /// <summary>The product's stock (zero until first restocked); null for an unknown product.</summary>
    Task<StockLevel?> FindAsync(Guid productId, CancellationToken cancellationToken);

    /// <summary>Active products at or under their low-stock threshold, the emptiest first.</summary>
    Task<IReadOnlyList<StockLevel>> ListLowAsync(int limit, CancellationToken cancellationToken);
}
