using System.Text.Json;

namespace Platform.Catalog.Products;

/// <summary>A product as a client submits it, before validation. Every field is optional here so that
/// a missing one is reported by name rather than as an unreadable body.</summary>
public sealed record CreateProductRequest(
    string? Name,
    string? Description,
    long? PriceCents,
    string? Currency,
    Guid? CategoryId,
    IReadOnlyList<string?>? Tags,
    JsonElement? Specifications,
    IReadOnlyList<string?>? Images,
    bool? Active,
    JsonElement? Category = null);

/// <summary>A validated, normalised product draft; its category is still to be found in the tenant's store.</summary>
public sealed record NewProduct(
    string Name,
    string? Description,
    long PriceCents,
    string Currency,
    Guid? CategoryId,
    IReadOnlyList<string> Tags,
    string Specifications,
    IReadOnlyList<string> Images,
    bool Active)
{
    /// <summary>Validates and normalises a request; returns the errors by field when it is not acceptable.</summary>
    public static bool TryCreate(CreateProductRequest request, Guid tenantId, out NewProduct product, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var name = ProductRules.Name(request.Name, errors);
        ProductRules.Description(request.Description, errors, out var description);
        var price = ProductRules.Price(request.PriceCents, errors);
        var currency = ProductRules.Currency(request.Currency, errors);
        var tags = ProductRules.Tags(request.Tags, errors);
        var specifications = SpecificationRules.Validate(request.Specifications, errors);
        var images = ProductRules.Images(request.Images, tenantId, errors);
        if (request.Category is not null)
        {
            // The free-text category of the first release would otherwise be dropped without a word.
            errors["category"] = ["Categories are chosen by id: send categoryId, one of /api/categories."];
        }

        product = errors.Count == 0
            ? new NewProduct(name!, description, price!.Value, currency!, request.CategoryId, tags!, specifications!, images!, request.Active ?? true)
            : null!;
        return errors.Count == 0;
    }
}
