using Platform.Contracts;
using Platform.Contracts.Catalog;

namespace Platform.Catalog.Categories;

/// <summary>The integration events announcing each category change, built from the category as it is after the change.</summary>
public static class CategoryEvents
{
    public static IReadOnlyList<IIntegrationEvent> Created(Category category) =>
        [new CategoryCreated(Guid.CreateVersion7(), category.UpdatedAt, category.TenantId, category.Id, category.Name, category.Slug, category.ParentId, category.Version)];

    public static IReadOnlyList<IIntegrationEvent> Updated(Category category) =>
        [new CategoryUpdated(Guid.CreateVersion7(), category.UpdatedAt, category.TenantId, category.Id, category.Name, category.Slug, category.ParentId, category.Version)];

    public static IReadOnlyList<IIntegrationEvent> Deleted(Category category, DateTimeOffset at) =>
        [new CategoryDeleted(Guid.CreateVersion7(), at, category.TenantId, category.Id, category.Version + 1)];
}
