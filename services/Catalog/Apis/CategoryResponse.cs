using Platform.Catalog.Categories;

namespace Platform.Catalog.Apis;

public sealed record CategoryResponse(Guid Id, string Name, string Slug, Guid? ParentId, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CategoryResponse From(Category category) =>
        new(category.Id, category.Name, category.Slug, category.ParentId, category.Version, category.CreatedAt, category.UpdatedAt);
}
