namespace Platform.Catalog.Products;

/// <summary>Where a tenant's products are kept; every call is scoped to one tenant.</summary>
public interface IProductStore
{
    Task AddAsync(Product product, CancellationToken cancellationToken);

    Task<Product?> FindAsync(Guid tenantId, Guid productId, CancellationToken cancellationToken);
}
