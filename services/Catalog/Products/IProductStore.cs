using Platform.Contracts;

namespace Platform.Catalog.Products;

/// <summary>Where a tenant's products are kept; every call is scoped to one tenant.</summary>
public interface IProductStore
{
    /// <summary>Stores the product and the events announcing it atomically: both are kept, or neither.</summary>
    Task AddAsync(Product product, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);

    Task<Product?> FindAsync(Guid tenantId, Guid productId, CancellationToken cancellationToken);
}
