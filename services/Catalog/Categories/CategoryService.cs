using Platform.Catalog.Products;
using Platform.Catalog.Stores;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Catalog.Categories;

/// <summary>The catalog's category use cases. Each change is stored together with the events that announce it.</summary>
public sealed class CategoryService(TenantStores stores, ProductCache productCache, TimeProvider clock)
{
    private const int Attempts = 3;

    public async Task<IReadOnlyList<Category>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        return await store.Categories.ListAsync(cancellationToken);
    }

    public async Task<Category?> FindAsync(Guid tenantId, Guid categoryId, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        return await store.Categories.FindAsync(categoryId, cancellationToken);
    }

    public async Task<Outcome<Category>> CreateAsync(Guid tenantId, NewCategory draft, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        var category = Category.Create(tenantId, draft, clock.GetUtcNow());
        var write = await store.Categories.AddAsync(category, CategoryEvents.Created(category), cancellationToken);
        return write == CategoryWrite.Done ? category : Refused(write, category);
    }

    public async Task<Outcome<Category>> UpdateAsync(Guid tenantId, Guid categoryId, CategoryChanges changes, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.Categories.FindAsync(categoryId, cancellationToken);
            if (current is null)
            {
                return new Outcome<Category>.NotFound();
            }

            if (ifMatch?.Problem(current.Version) is { } mismatch)
            {
                return new Outcome<Category>.PreconditionFailed(mismatch);
            }

            var updated = current.Apply(changes, clock.GetUtcNow());
            if (ReferenceEquals(updated, current))
            {
                return current;
            }

            var write = await store.Categories.UpdateAsync(updated, current.Version, CategoryEvents.Updated(updated), cancellationToken);
            if (write == CategoryWrite.Done && updated.Name != current.Name)
            {
                // Products carry their category's name: a cached one would show the old name.
                await productCache.InvalidateCategoryAsync(tenantId, store, categoryId, cancellationToken);
            }

            if (write != CategoryWrite.Stale || ifMatch?.Version is not null || attempt == Attempts)
            {
                return write == CategoryWrite.Done ? updated : Refused(write, updated);
            }
        }
    }

    public async Task<Outcome<Category>> DeleteAsync(Guid tenantId, Guid categoryId, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.Categories.FindAsync(categoryId, cancellationToken);
            if (current is null)
            {
                return new Outcome<Category>.NotFound();
            }

            if (ifMatch?.Problem(current.Version) is { } mismatch)
            {
                return new Outcome<Category>.PreconditionFailed(mismatch);
            }

            var at = PostgresTime.Truncate(clock.GetUtcNow());
            var write = await store.Categories.DeleteAsync(categoryId, current.Version, CategoryEvents.Deleted(current, at), cancellationToken);
            if (write != CategoryWrite.Stale || ifMatch?.Version is not null || attempt == Attempts)
            {
                return write == CategoryWrite.Done ? current : Refused(write, current);
            }
        }
    }

    private static Outcome<Category> Refused(CategoryWrite write, Category category) => write switch
    {
        CategoryWrite.SlugTaken => new Outcome<Category>.Conflict("The slug is taken.", $"Another category of the shop has the slug '{category.Slug}'."),
        CategoryWrite.ParentMissing => Outcome<Category>.InvalidField("parentId", "No such category; choose one of /api/categories."),
        CategoryWrite.Cycle => Outcome<Category>.InvalidField("parentId", "A category cannot be placed under itself or one of its own subcategories."),
        CategoryWrite.InUse => new Outcome<Category>.Conflict("The category is in use.",
            "Products or subcategories use the category; move them to another category (or none) before deleting it."),
        CategoryWrite.Stale => new Outcome<Category>.PreconditionFailed("The category changed while this change was made."),
        _ => throw new InvalidOperationException($"Unexpected category write {write}."),
    };
}
