using Platform.Contracts.Catalog;

namespace Platform.Catalog.Products;

/// <summary>The catalog's use cases. Each change is stored together with the events that announce it.</summary>
public sealed class ProductService(IProductStore store, TimeProvider clock)
{
    public async Task<Product> CreateAsync(Guid tenantId, NewProduct draft, CancellationToken cancellationToken)
    {
        var product = Product.Create(tenantId, draft, clock.GetUtcNow());
        var created = new ProductCreated(
            Guid.CreateVersion7(),
            product.CreatedAt,
            product.TenantId,
            product.Id,
            product.Name,
            product.Description,
            product.PriceCents,
            product.Currency,
            product.Category,
            product.Tags,
            product.Version);
        await store.AddAsync(product, [created], cancellationToken);
        return product;
    }

    public Task<Product?> FindAsync(Guid tenantId, Guid productId, CancellationToken cancellationToken) =>
        store.FindAsync(tenantId, productId, cancellationToken);
}
