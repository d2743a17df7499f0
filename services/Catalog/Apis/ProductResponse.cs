using System.Text.Json;
using Platform.Catalog.Products;

namespace Platform.Catalog.Apis;

/// <summary>A product as clients read it; <see cref="Category"/> is its category's name, <see cref="Version"/> its ETag.</summary>
public sealed record ProductResponse(
    Guid Id,
    string Name,
    string? Description,
    long PriceCents,
    string Currency,
    Guid? CategoryId,
    string? Category,
    IReadOnlyList<string> Tags,
    JsonElement Specifications,
    IReadOnlyList<string> Images,
    bool Active,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ProductResponse From(Product product)
    {
        using var specifications = JsonDocument.Parse(product.Specifications);
        return new(
            product.Id,
            product.Name,
            product.Description,
            product.PriceCents,
            product.Currency,
            product.CategoryId,
            product.CategoryName,
            product.Tags,
            specifications.RootElement.Clone(),
            product.Images,
            product.Active,
            product.Version,
            product.CreatedAt,
            product.UpdatedAt);
    }
}

/// <summary>One page of products; <see cref="Total"/> counts every product matching the filters.</summary>
public sealed record ProductPageResponse(IReadOnlyList<ProductResponse> Items, int Page, int PageSize, long Total);
