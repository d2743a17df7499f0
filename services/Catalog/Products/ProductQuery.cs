using Platform.Catalog.Text;

namespace Platform.Catalog.Products;

public enum ProductSortField
{
    Name,
    Price,
    CreatedAt,
}

/// <summary>
/// A validated page of the product list: filters, one sort (ties broken by id, in the same direction, so pages never
/// overlap or skip) and the page. <see cref="NamePattern"/> matches names containing the folded text of <c>q</c>.
/// </summary>
public sealed record ProductQuery(
    int Page,
    int PageSize,
    Guid? CategoryId,
    bool? Active,
    string? Tag,
    long? MinPriceCents,
    long? MaxPriceCents,
    string? NamePattern,
    ProductSortField Sort,
    bool Descending)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxPage = 100_000;
    public const string DefaultSort = "-createdAt";

    public long Offset => (long)(Page - 1) * PageSize;

    public static bool TryCreate(
        int? page, int? pageSize, Guid? categoryId, bool? active, string? tag, long? minPriceCents, long? maxPriceCents, string? q, string? sort,
        out ProductQuery query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (page is < 1 or > MaxPage)
        {
            errors["page"] = [$"Pages go from 1 to {MaxPage}."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"The page size is between 1 and {MaxPageSize}."];
        }

        if (minPriceCents < 0)
        {
            errors["minPriceCents"] = ["A price cannot be negative."];
        }

        if (maxPriceCents < 0 || maxPriceCents < minPriceCents)
        {
            errors["maxPriceCents"] = ["The highest price is at least the lowest and not negative."];
        }

        var normalisedTag = string.IsNullOrWhiteSpace(tag) ? null : tag.Trim().ToLowerInvariant();
        if (normalisedTag?.Length > ProductRules.MaxTagLength)
        {
            errors["tag"] = [$"A tag has at most {ProductRules.MaxTagLength} characters."];
        }

        var text = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (text?.Length > ProductRules.MaxNameLength)
        {
            errors["q"] = [$"The text searched has at most {ProductRules.MaxNameLength} characters."];
        }

        var (field, descending) = ParseSort(sort ?? DefaultSort, errors);
        query = new ProductQuery(
            page ?? 1,
            pageSize ?? DefaultPageSize,
            categoryId,
            active,
            normalisedTag,
            minPriceCents,
            maxPriceCents,
            text is null ? null : TextFolding.ContainsPattern(text),
            field,
            descending);
        return errors.Count == 0;
    }

    private static (ProductSortField Field, bool Descending) ParseSort(string sort, Dictionary<string, string[]> errors)
    {
        var descending = sort.StartsWith('-');
        ProductSortField? field = (descending ? sort[1..] : sort) switch
        {
            "name" => ProductSortField.Name,
            "price" => ProductSortField.Price,
            "createdAt" => ProductSortField.CreatedAt,
            _ => null,
        };
        if (field is null)
        {
            errors["sort"] = ["The sort is name, price or createdAt, with a leading '-' for descending order (such as -price)."];
        }

        return (field ?? ProductSortField.CreatedAt, descending);
    }
}
