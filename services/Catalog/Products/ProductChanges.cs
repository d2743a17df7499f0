using System.Text.Json;

namespace Platform.Catalog.Products;

/// <summary>A field a change sets, possibly to null (cleared); a field not set at all is left as it is.</summary>
public sealed record Set<T>(T Value);

/// <summary>
/// A validated JSON merge patch (RFC 7386) of a product: only the fields the client sent change. <c>description</c> and
/// <c>categoryId</c> may be sent as null to clear them; the other fields cannot be null.
/// </summary>
public sealed record ProductChanges(
    string? Name,
    Set<string?>? Description,
    long? PriceCents,
    string? Currency,
    Set<Guid?>? CategoryId,
    IReadOnlyList<string>? Tags,
    string? Specifications,
    IReadOnlyList<string>? Images,
    bool? Active)
{
    private sealed record Body(
        string? Name,
        string? Description,
        long? PriceCents,
        string? Currency,
        Guid? CategoryId,
        IReadOnlyList<string?>? Tags,
        JsonElement? Specifications,
        IReadOnlyList<string?>? Images,
        bool? Active);

    private static readonly string[] NotNullable = ["name", "priceCents", "currency", "tags", "specifications", "images", "active"];

    public static bool TryRead(JsonElement patch, Guid tenantId, out ProductChanges changes, out Dictionary<string, string[]> errors)
    {
        errors = [];
        changes = null!;
        if (!JsonPatchFields.TryRead<Body>(patch, errors, out var body, out var sent))
        {
            return false;
        }

        foreach (var field in NotNullable.Where(field => sent.TryGetValue(field, out var isNull) && isNull))
        {
            errors[field] = ["This field cannot be null."];
        }

        bool Has(string field) => sent.TryGetValue(field, out var isNull) && !isNull;
        var name = Has("name") ? ProductRules.Name(body.Name, errors) : null;
        string? description = null;
        var descriptionValid = !sent.ContainsKey("description") || ProductRules.Description(body.Description, errors, out description);
        var price = Has("priceCents") ? ProductRules.Price(body.PriceCents, errors) : null;
        var currency = Has("currency") ? ProductRules.Currency(body.Currency, errors) : null;
        var tags = Has("tags") ? ProductRules.Tags(body.Tags, errors) : null;
        var specifications = Has("specifications") ? SpecificationRules.Validate(body.Specifications, errors) : null;
        var images = Has("images") ? ProductRules.Images(body.Images, tenantId, errors) : null;
        if (sent.ContainsKey("category"))
        {
            errors["category"] = ["Categories are chosen by id: send categoryId, one of /api/categories."];
        }

        if (errors.Count > 0 || !descriptionValid)
        {
            return false;
        }

        changes = new ProductChanges(
            name,
            sent.ContainsKey("description") ? new Set<string?>(description) : null,
            price,
            currency,
            sent.ContainsKey("categoryId") ? new Set<Guid?>(body.CategoryId) : null,
            tags,
            specifications,
            images,
            body.Active);
        return true;
    }
}
