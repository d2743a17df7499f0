using Platform.Catalog.Products;

namespace Platform.Catalog.Apis;

public sealed record ProductResponse(
    Guid Id,
    string Name,
    string? Description,
    long PriceCents,
    string Currency,
    string? Category,
    IReadOnlyList<string> Tags,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ProductResponse From(Product product) => new(
        product.Id,
        product.Name,
        product.Description,
        product.PriceCents,
        product.Currency,
        product.Category,
        product.Tags,
        product.Version,
        product.CreatedAt,
        product.UpdatedAt);
}
