using MassTransit;
using Platform.Contracts.Catalog;

namespace Platform.Catalog.Products;

/// <summary>The catalog's use cases: store the change, then tell the other services about it.</summary>
public sealed class ProductService(IProductStore store, IPublishEndpoint events, TimeProvider clock)
{
    public async Task<Product> CreateAsync(Guid tenantId, NewProduct draft, CancellationToken cancellationToken)
    {
        var product = Product.Create(tenantId, draft, clock.GetUtcNow());
        await store.AddAsync(product, cancellationToken);
        await events.Publish(new ProductCreated(
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
            product.Version), cancellationToken);
        return product;
    }

    public Task<Product?> FindAsync(Guid tenantId, Guid productId, CancellationToken cancellationToken) =>
        store.FindAsync(tenantId, productId, cancellationToken);
}
