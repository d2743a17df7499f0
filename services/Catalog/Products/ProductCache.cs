using Platform.Catalog.Stores;
using Platform.ServiceDefaults.Redis;

namespace Platform.Catalog.Products;

/// <summary>
/// Cache-aside for single-product reads, keyed by tenant (so one shop can never read another's entry). Every change
/// that alters what a product read returns invalidates it after its commit: the product's own update or deletion, and
/// a rename of its category (the category's name is part of the product). When Redis is down reads go to the store.
/// </summary>
public sealed class ProductCache(ITenantCache cache)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);

    /// <summary>The product, from the cache or else from <paramref name="store"/>.</summary>
    public ValueTask<Product?> GetOrLoadAsync(Guid tenantId, Guid productId, ICatalogStore store, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync(tenantId, Key(productId), (store, productId), static (load, token) => load.store.Products.FindAsync(load.productId, token),
            TimeToLive, cancellationToken);

    public Task InvalidateAsync(Guid tenantId, Guid productId, CancellationToken cancellationToken) =>
        cache.InvalidateAsync(tenantId, Key(productId), cancellationToken);

    /// <summary>Forgets every live product filed under <paramref name="categoryId"/> (or below it), page by page.</summary>
    public async Task InvalidateCategoryAsync(Guid tenantId, ICatalogStore store, Guid categoryId, CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var products = await store.Products.ListAsync(
                new ProductQuery(page, ProductQuery.MaxPageSize, categoryId, null, null, null, null, null, ProductSortField.CreatedAt, false), cancellationToken);
            await cache.InvalidateAsync(tenantId, products.Items.Select(product => Key(product.Id)), cancellationToken);
            if (products.Items.Count < ProductQuery.MaxPageSize)
            {
                return;
            }
        }
    }

    private static string Key(Guid productId) => $"product:{productId:N}";
}
