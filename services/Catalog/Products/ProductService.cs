using Platform.Catalog.Stores;
using Platform.Contracts.Catalog;

namespace Platform.Catalog.Products;

public abstract record CreateProductOutcome
{
    public sealed record Created(Product Product) : CreateProductOutcome;

    public sealed record LimitReached(int MaxProducts) : CreateProductOutcome;
}

/// <summary>The catalog's use cases. Each change is stored together with the events that announce it.</summary>
public sealed class ProductService(TenantStores stores, TimeProvider clock)
{
    public async Task<CreateProductOutcome> CreateAsync(Guid tenantId, NewProduct draft, CancellationToken cancellationToken)
    {
        var (tenant, store) = await stores.OpenAsync(tenantId, cancellationToken);
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
        return await store.Products.AddAsync(product, tenant.MaxProducts, [created], cancellationToken)
            ? new CreateProductOutcome.Created(product)
            : new CreateProductOutcome.LimitReached(tenant.MaxProducts);
    }

    public async Task<Product?> FindAsync(Guid tenantId, Guid productId, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        return await store.Products.FindAsync(productId, cancellationToken);
    }
}
