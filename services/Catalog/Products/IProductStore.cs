using Platform.Contracts;

namespace Platform.Catalog.Products;

/// <summary>How a product write ended in the store; nothing is stored (neither change nor events) unless <see cref="Done"/>.</summary>
public enum ProductWrite
{
    Done,

    /// <summary>The tenant already has its plan's number of live products.</summary>
    LimitReached,

    /// <summary>The product's category is not (or no longer) one of the tenant's.</summary>
    CategoryMissing,

    /// <summary>The product is gone or no longer at the version the change was made from.</summary>
    Stale,
}

/// <summary>One tenant's products, in whichever store the tenant uses. Deleted products are invisible to every read.</summary>
public interface IProductStore
{
    /// <summary>
    /// Stores the product and the events announcing it atomically, unless the tenant already has
    /// <paramref name="productLimit"/> live products or the product's category does not exist.
    /// </summary>
    Task<ProductWrite> AddAsync(Product product, int productLimit, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);

    Task<Product?> FindAsync(Guid productId, CancellationToken cancellationToken);

    /// <summary>Replaces the product if it is still at <paramref name="expectedVersion"/>, with its events, atomically.</summary>
    Task<ProductWrite> UpdateAsync(Product product, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);

    /// <summary>Marks the product deleted if it is still at <paramref name="expectedVersion"/>, with its events, atomically.</summary>
    Task<ProductWrite> DeleteAsync(Guid productId, long expectedVersion, DateTimeOffset deletedAt, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);

    Task<ProductPage> ListAsync(ProductQuery query, CancellationToken cancellationToken);
}
