using Platform.Catalog.Analytics;
using Platform.Catalog.Stores;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Catalog.Products;

/// <summary>The catalog's product use cases. Each change is stored together with the events that announce it.</summary>
public sealed class ProductService(TenantStores stores, ProductCache cache, ProductViews views, TimeProvider clock)
{
    /// <summary>How often a change without If-Match is redone on a newer version after losing a race to another writer.</summary>
    private const int Attempts = 3;

    private static readonly string[] UnknownCategory = ["No such category; choose one of /api/categories."];

    public async Task<Outcome<Product>> CreateAsync(Guid tenantId, NewProduct draft, CancellationToken cancellationToken)
    {
        var (tenant, store) = await stores.OpenAsync(tenantId, cancellationToken);
        string? categoryName = null;
        if (draft.CategoryId is { } categoryId)
        {
            categoryName = (await store.Categories.FindAsync(categoryId, cancellationToken))?.Name;
            if (categoryName is null)
            {
                return new Outcome<Product>.Invalid(new() { ["categoryId"] = UnknownCategory });
            }
        }

        var product = Product.Create(tenantId, draft, categoryName, clock.GetUtcNow());
        return await store.Products.AddAsync(product, tenant.MaxProducts, ProductEvents.Created(product), cancellationToken) switch
        {
            ProductWrite.Done => product,
            ProductWrite.LimitReached => new Outcome<Product>.LimitReached("max_products", tenant.MaxProducts),
            ProductWrite.CategoryMissing => new Outcome<Product>.Invalid(new() { ["categoryId"] = UnknownCategory }),
            var other => throw new InvalidOperationException($"A new product cannot end {other}."),
        };
    }

    public async ValueTask<Product?> FindAsync(Guid tenantId, Guid productId, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        var product = await cache.GetOrLoadAsync(tenantId, productId, store, cancellationToken);
        if (product is not null)
        {
            views.Count(tenantId, productId);
        }

        return product;
    }

    public async Task<ProductPage> ListAsync(Guid tenantId, ProductQuery query, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        return await store.Products.ListAsync(query, cancellationToken);
    }

    public Task<Outcome<Product>> UpdateAsync(Guid tenantId, Guid productId, ProductChanges changes, IfMatch? ifMatch, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, productId, _ => changes, ifMatch, cancellationToken);

    /// <summary>
    /// Adds an uploaded image's key to the product's images, like any other change (a new version, ProductUpdated); a key
    /// the product has already is no change, and one image over <see cref="ProductRules.MaxImages"/> is a conflict.
    /// </summary>
    public Task<Outcome<Product>> AddImageAsync(Guid tenantId, Guid productId, string key, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, productId, current => current.Images.Contains(key, StringComparer.Ordinal)
            ? new ProductChanges(null, null, null, null, null, null, null, null, null)
            : current.Images.Count >= ProductRules.MaxImages
                ? new Outcome<ProductChanges>.Conflict("The product has all its images.", $"A product has at most {ProductRules.MaxImages} images; remove one first.")
                : new ProductChanges(null, null, null, null, null, null, null, [.. current.Images, key], null),
            ifMatch: null, cancellationToken);

    /// <summary>Applies the changes <paramref name="changesFor"/> makes to the current product, redone on a newer version after losing a race.</summary>
    private async Task<Outcome<Product>> ChangeAsync(
        Guid tenantId, Guid productId, Func<Product, Outcome<ProductChanges>> changesFor, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.Products.FindAsync(productId, cancellationToken);
            if (current is null)
            {
                return new Outcome<Product>.NotFound();
            }

            if (ifMatch?.Problem(current.Version) is { } mismatch)
            {
                return new Outcome<Product>.PreconditionFailed(mismatch);
            }

            var wanted = changesFor(current);
            if (wanted is Outcome<ProductChanges>.Conflict(var title, var detail))
            {
                return new Outcome<Product>.Conflict(title, detail);
            }

            var changes = ((Outcome<ProductChanges>.Success)wanted).Value;

            string? categoryName = null;
            if (changes.CategoryId is { Value: { } categoryId })
            {
                categoryName = (await store.Categories.FindAsync(categoryId, cancellationToken))?.Name;
                if (categoryName is null)
                {
                    return new Outcome<Product>.Invalid(new() { ["categoryId"] = UnknownCategory });
                }
            }

            var updated = current.Apply(changes, categoryName, clock.GetUtcNow());
            if (ReferenceEquals(updated, current))
            {
                return current;
            }

            switch (await store.Products.UpdateAsync(updated, current.Version, ProductEvents.Updated(current, updated), cancellationToken))
            {
                case ProductWrite.Done:
                    await cache.InvalidateAsync(tenantId, productId, cancellationToken);
                    return updated;
                case ProductWrite.CategoryMissing:
                    return new Outcome<Product>.Invalid(new() { ["categoryId"] = UnknownCategory });
                case ProductWrite.Stale when ifMatch?.Version is not null || attempt == Attempts:
                    return new Outcome<Product>.PreconditionFailed($"The product changed while this change was made (it was at version {current.Version}).");
            }
        }
    }

    public async Task<Outcome<Product>> DeleteAsync(Guid tenantId, Guid productId, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.Products.FindAsync(productId, cancellationToken);
            if (current is null)
            {
                return new Outcome<Product>.NotFound();
            }

            if (ifMatch?.Problem(current.Version) is { } mismatch)
            {
                return new Outcome<Product>.PreconditionFailed(mismatch);
            }

            var at = PostgresTime.Truncate(clock.GetUtcNow());
            var deleted = current with { Version = current.Version + 1, UpdatedAt = at };
            var write = await store.Products.DeleteAsync(productId, current.Version, at, ProductEvents.Deleted(deleted), cancellationToken);
            if (write == ProductWrite.Done)
            {
                await cache.InvalidateAsync(tenantId, productId, cancellationToken);
                return deleted;
            }

            if (ifMatch?.Version is not null || attempt == Attempts)
            {
                return new Outcome<Product>.PreconditionFailed($"The product changed while it was being deleted (it was at version {current.Version}).");
            }
        }
    }
}
