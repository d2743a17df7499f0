using Platform.Contracts;

namespace Platform.Catalog.Categories;

/// <summary>How a category write ended in the store; nothing is stored (neither change nor events) unless <see cref="Done"/>.</summary>
public enum CategoryWrite
{
    Done,

    /// <summary>Another category of the tenant has the slug.</summary>
    SlugTaken,

    /// <summary>The parent is not one of the tenant's categories.</summary>
    ParentMissing,

    /// <summary>The parent is the category itself or one of its descendants.</summary>
    Cycle,

    /// <summary>Live products or child categories use the category, so it cannot be deleted.</summary>
    InUse,

    /// <summary>The category is gone or no longer at the version the change was made from.</summary>
    Stale,
}

/// <summary>One tenant's categories. Each write runs with the tenant's category tree locked, so checks and write agree.</summary>
public interface ICategoryStore
{
    Task<IReadOnlyList<Category>> ListAsync(CancellationToken cancellationToken);

    Task<Category?> FindAsync(Guid categoryId, CancellationToken cancellationToken);

    Task<CategoryWrite> AddAsync(Category category, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);

    Task<CategoryWrite> UpdateAsync(Category category, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);

    Task<CategoryWrite> DeleteAsync(Guid categoryId, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);
}
