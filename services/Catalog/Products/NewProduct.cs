namespace Platform.Catalog.Products;

/// <summary>A product as a client submits it, before validation. Every field is optional here so that
/// a missing one is reported by name rather than as an unreadable body.</summary>
public sealed record CreateProductRequest(
    string? Name,
    string? Description,
    long? PriceCents,
    string? Currency,
    string? Category,
    IReadOnlyList<string>? Tags);

/// <summary>A validated, normalised product draft.</summary>
public sealed record NewProduct(
    string Name,
    string? Description,
    long PriceCents,
    string Currency,
    string? Category,
    IReadOnlyList<string> Tags)
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxCategoryLength = 100;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;
    public const string DefaultCurrency = "BRL";

    /// <summary>Validates and normalises a request; returns the errors by field when it is not acceptable.</summary>
    public static bool TryCreate(CreateProductRequest request, out NewProduct product, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["A name is required."];
        }
        else if (name.Length > MaxNameLength)
        {
            errors["name"] = [$"A name has at most {MaxNameLength} characters."];
        }

        var description = NullIfBlank(request.Description);
        if (description?.Length > MaxDescriptionLength)
        {
            errors["description"] = [$"A description has at most {MaxDescriptionLength} characters."];
        }

        if (request.PriceCents is null)
        {
            errors["priceCents"] = ["A price in cents is required."];
        }
        else if (request.PriceCents < 0)
        {
            errors["priceCents"] = ["A price cannot be negative."];
        }

        var currency = NullIfBlank(request.Currency)?.ToUpperInvariant() ?? DefaultCurrency;
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            errors["currency"] = ["A currency is a three-letter ISO 4217 code such as BRL."];
        }

        var category = NullIfBlank(request.Category);
        if (category?.Length > MaxCategoryLength)
        {
            errors["category"] = [$"A category has at most {MaxCategoryLength} characters."];
        }

        var tags = (request.Tags ?? [])
            .Select(tag => tag?.Trim().ToLowerInvariant())
            .Where(tag => !string.IsNullOrEmpty(tag))
            .Select(tag => tag!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (tags.Count > MaxTags || tags.Any(tag => tag.Length > MaxTagLength))
        {
            errors["tags"] = [$"At most {MaxTags} tags of at most {MaxTagLength} characters each."];
        }

        // PostgreSQL cannot store a NUL character and SQLite would; both stores must accept the same products.
        foreach (var (field, value) in new[] { ("name", name), ("description", description), ("category", category) }.Concat(tags.Select(tag => ("tags", (string?)tag))))
        {
            if (value?.Contains('\0', StringComparison.Ordinal) == true)
            {
                errors[field] = ["Text cannot contain a NUL character."];
            }
        }

        product = errors.Count == 0
            ? new NewProduct(name!, description, request.PriceCents!.Value, currency, category, tags)
            : null!;
        return errors.Count == 0;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
