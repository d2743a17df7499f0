namespace Platform.Search.Querying;

/// <summary>One page of a search, with the total and the facets of every product that matched.</summary>
public sealed record SearchResult(long Total, IReadOnlyList<ProductHit> Hits, SearchFacets Facets);

/// <summary>
/// A product found. <see cref="Highlights"/> holds the name and description with the matched words in
/// <c>&lt;mark&gt;</c> tags, the rest HTML-escaped (safe to insert as HTML), when there was a query text.
/// </summary>
public sealed record ProductHit(
    Guid ProductId,
    string Name,
    string? Description,
    string? Category,
    IReadOnlyList<string> Tags,
    long PriceCents,
    string Currency,
    int? Available,
    long Popularity,
    double Score,
    HitHighlights? Highlights);

public sealed record HitHighlights(string Name, string? Description);

public sealed record SearchFacets(IReadOnlyList<CategoryFacet> Categories, IReadOnlyList<PriceFacet> Prices);

/// <summary>Products in a category (null: in none).</summary>
public sealed record CategoryFacet(string? Category, long Count);

/// <summary>Products priced from <see cref="FromCents"/> (inclusive) up to <see cref="ToCents"/> (exclusive; null: no upper bound).</summary>
public sealed record PriceFacet(long FromCents, long? ToCents, long Count);

public sealed record Suggestion(Guid ProductId, string Name);
