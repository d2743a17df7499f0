using System.Text.Json;
using Platform.Catalog.Products;
using Platform.Catalog.Text;

namespace Platform.Catalog.Categories;

public sealed record CreateCategoryRequest(string? Name, string? Slug, Guid? ParentId);

/// <summary>A validated new category; the slug is the client's or derived from the name.</summary>
public sealed record NewCategory(string Name, string Slug, Guid? ParentId)
{
    public static bool TryCreate(CreateCategoryRequest request, out NewCategory category, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var name = CategoryRules.Name(request.Name, errors);
        var slug = CategoryRules.Slug(request.Slug ?? (name is null ? null : Slugs.From(name)), derived: request.Slug is null, errors);
        category = errors.Count == 0 ? new NewCategory(name!, slug!, request.ParentId) : null!;
        return errors.Count == 0;
    }
}

/// <summary>A validated merge patch of a category; <c>parentId</c> sent as null makes it a top-level category.</summary>
public sealed record CategoryChanges(string? Name, string? Slug, Set<Guid?>? ParentId)
{
    private sealed record Body(string? Name, string? Slug, Guid? ParentId);

    public static bool TryRead(JsonElement patch, out CategoryChanges changes, out Dictionary<string, string[]> errors)
    {
        errors = [];
        changes = null!;
        if (!JsonPatchFields.TryRead<Body>(patch, errors, out var body, out var sent))
        {
            return false;
        }

        var name = sent.ContainsKey("name") ? CategoryRules.Name(body.Name, errors) : null;
        var slug = sent.ContainsKey("slug") ? CategoryRules.Slug(body.Slug, derived: false, errors) : null;
        changes = new CategoryChanges(name, slug, sent.ContainsKey("parentId") ? new Set<Guid?>(body.ParentId) : null);
        return errors.Count == 0;
    }
}
