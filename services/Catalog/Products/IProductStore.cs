using Platform.Contracts;

namespace Platform.Catalog.Products;

/// <summary>One tenant's products, in whichever store the tenant uses.</summary>
public interface IProductStore
{
    /// <summary>
    /// Stores the product and the events announcing it atomically, unless the tenant already has
    /// <paramref name="productLimit"/> products; false then, and nothing is stored.
    /// </summary>
    Task<bool> AddAsync(Product product, int productLimit, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);

    Task<Product?> FindAsync(Guid productId, CancellationToken cancellationToken);
}
