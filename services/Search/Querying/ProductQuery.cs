namespace Platform.Search.Querying;

public enum ProductSort
{
    Relevance,
    PriceAscending,
    PriceDescending,
    Newest,
}

/// <summary>A validated search over one tenant's products: optional text, filters, one sort and a page.</summary>
public sealed record ProductQuery(
    string? Text,
    string? Category,
    long? MinPriceCents,
    long? MaxPriceCents,
    bool InStockOnly,
    IReadOnlyList<string> Tags,
    ProductSort Sort,
    int Page,
    int PageSize)
{
    public const int MaxTextLength = 200;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Deep pages cost the engine the whole prefix; past this many results a client narrows its query instead.</summary>
    public const int MaxResultWindow = 10_000;

    public const int MaxTags = 10;
    public const int MaxFieldLength = 100;

    private static readonly Dictionary<string, ProductSort> Sorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["relevance"] = ProductSort.Relevance,
        ["price"] = ProductSort.PriceAscending,
        ["-price"] = ProductSort.PriceDescending,
        ["newest"] = ProductSort.Newest,
    };

    public int Offset => (Page - 1) * PageSize;

    public static bool TryCreate(SearchParameters input, out ProductQuery query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var text = string.IsNullOrWhiteSpace(input.Q) ? null : input.Q.Trim();
        if (input.Q is not null && text is null)
        {
            errors["q"] = ["The query text is blank; leave it out to browse by filters."];
        }
        else if (text?.Length > MaxTextLength)
        {
            errors["q"] = [$"A query has at most {MaxTextLength} characters."];
        }

        var category = string.IsNullOrWhiteSpace(input.Category) ? null : input.Category.Trim();
        if (category?.Length > MaxFieldLength)
        {
            errors["category"] = [$"A category has at most {MaxFieldLength} characters."];
        }

        if (input.MinPrice is < 0)
        {
            errors["minPrice"] = ["A price is in cents, 0 or more."];
        }

        if (input.MaxPrice is < 0)
        {
            errors["maxPrice"] = ["A price is in cents, 0 or more."];
        }
        else if (input.MinPrice is { } min && input.MaxPrice is { } max && max < min)
        {
            errors["maxPrice"] = ["maxPrice is not below minPrice."];
        }

        var tags = (input.Tags ?? []).Where(tag => !string.IsNullOrWhiteSpace(tag)).Select(tag => tag.Trim().ToLowerInvariant()).Distinct().ToList();
        if (tags.Count > MaxTags || tags.Any(tag => tag.Length > MaxFieldLength))
        {
            errors["tags"] = [$"At most {MaxTags} tags of at most {MaxFieldLength} characters each."];
        }

        var sort = ProductSort.Relevance;
        if (input.Sort is not null && !Sorts.TryGetValue(input.Sort, out sort))
        {
            errors["sort"] = [$"Sort by one of: {string.Join(", ", Sorts.Keys)}."];
        }

        var page = input.Page ?? 1;
        var pageSize = input.PageSize ?? DefaultPageSize;
        if (page < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"A page holds 1 to {MaxPageSize} products."];
        }
        else if (page >= 1 && (long)page * pageSize > MaxResultWindow)
        {
            errors["page"] = [$"Only the first {MaxResultWindow} results can be paged through; narrow the query."];
        }

        query = errors.Count == 0
            ? new ProductQuery(text, category, input.MinPrice, input.MaxPrice, input.InStock ?? false, tags, sort, page, pageSize)
            : null!;
        return errors.Count == 0;
    }
}

/// <summary>The query string of a search, as sent (validated by <see cref="ProductQuery.TryCreate"/>).</summary>
public sealed record SearchParameters(
    string? Q, string? Category, long? MinPrice, long? MaxPrice, bool? InStock, string[]? Tags, string? Sort, int? Page, int? PageSize);
