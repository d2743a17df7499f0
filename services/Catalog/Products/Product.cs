using Platform.ServiceDefaults.Persistence;

namespace Platform.Catalog.Products;

/// <summary>
/// A product of one shop's catalog. Prices are integer cents in <see cref="Currency"/>. <see cref="CategoryName"/> is
/// read with the product (the category owns it); <see cref="Specifications"/> is a JSON object's compact text.
/// </summary>
public sealed record Product(
    Guid TenantId,
    Guid Id,
    string Name,
    string? Description,
    long PriceCents,
    string Currency,
    Guid? CategoryId,
    string? CategoryName,
    IReadOnlyList<string> Tags,
    string Specifications,
    IReadOnlyList<string> Images,
    bool Active,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static Product Create(Guid tenantId, NewProduct draft, string? categoryName, DateTimeOffset clockNow)
    {
        var now = PostgresTime.Truncate(clockNow);
        return new(
            tenantId,
            Guid.CreateVersion7(now),
            draft.Name,
            draft.Description,
            draft.PriceCents,
            draft.Currency,
            draft.CategoryId,
            draft.CategoryId is null ? null : categoryName,
            draft.Tags,
            draft.Specifications,
            draft.Images,
            draft.Active,
            Version: 1,
            CreatedAt: now,
            UpdatedAt: now);
    }

    /// <summary>The product after <paramref name="changes"/>, one version on; itself when they change nothing.</summary>
    public Product Apply(ProductChanges changes, string? categoryName, DateTimeOffset clockNow)
    {
        var changed = this with
        {
            Name = changes.Name ?? Name,
            Description = changes.Description is { } description ? description.Value : Description,
            PriceCents = changes.PriceCents ?? PriceCents,
            Currency = changes.Currency ?? Currency,
            CategoryId = changes.CategoryId is { } category ? category.Value : CategoryId,
            CategoryName = changes.CategoryId is { } newCategory ? (newCategory.Value is null ? null : categoryName) : CategoryName,
            Tags = changes.Tags ?? Tags,
            Specifications = changes.Specifications ?? Specifications,
            Images = changes.Images ?? Images,
            Active = changes.Active ?? Active,
        };

        return SameContent(changed)
            ? this
            : changed with { Version = Version + 1, UpdatedAt = PostgresTime.Truncate(clockNow) };
    }

    private bool SameContent(Product other) =>
        Name == other.Name && Description == other.Description && PriceCents == other.PriceCents && Currency == other.Currency &&
        CategoryId == other.CategoryId && Tags.SequenceEqual(other.Tags) && Specifications == other.Specifications &&
        Images.SequenceEqual(other.Images) && Active == other.Active;
}
