using System.Globalization;
using System.Text;
using Platform.Search.Querying;

namespace Platform.Search.Elasticsearch;

/// <summary>
/// The request bodies of a search and of suggestions, in Elasticsearch's DSL: each word matched with <c>multi_match</c>
/// over name, tags and description (boosted 3:2:1, fuzzy for typos), filters in a <c>bool</c>, the same sorts, page caps,
/// category and five price facets, and highlights bracketed by <see cref="Highlight"/>'s markers.
/// </summary>
public static class ProductSearchRequests
{
    /// <summary>The price facet's lower bounds, as in the PostgreSQL engine: 0, 50, 100, 250, 500 and up.</summary>
    public static readonly long[] PriceEdges = [0, 5_000, 10_000, 25_000, 50_000];

    public const int CategoryFacetSize = 50;

    public static readonly IReadOnlyList<string> TextFields = ["name^3", "tags.text^2", "description"];

    public static SearchRequest Search(Guid tenantId, ProductQuery query)
    {
        var filters = LiveProducts(tenantId);
        if (query.Category is { } category)
        {
            filters.Add(Query.TermOf("category.lower", category.ToLowerInvariant()));
        }

        if (query.MinPriceCents is not null || query.MaxPriceCents is not null)
        {
            filters.Add(Query.RangeOf("price_cents", new RangeQuery { Gte = query.MinPriceCents, Lte = query.MaxPriceCents }));
        }

        if (query.InStockOnly)
        {
            filters.Add(Query.RangeOf("available", new RangeQuery { Gt = 0 }));
        }

        filters.AddRange(query.Tags.Select(tag => Query.TermOf("tags", tag)));
        var must = query.Text is { } text ? Words(text) : null;
        return new SearchRequest(new Query { Bool = new BoolQuery { Must = must, Filter = filters, MustNot = [Query.TermOf("deleted", true)] } })
        {
            From = query.Offset,
            Size = query.PageSize,
            TrackTotalHits = true,
            Sort = Sort(query.Sort),
            Aggs = new Dictionary<string, Aggregation>
            {
                ["categories"] = new()
                {
                    Terms = new TermsAggregation("category", CategoryFacetSize)
                    {
                        Order = [new Dictionary<string, string> { ["_count"] = "desc" }, new Dictionary<string, string> { ["_key"] = "asc" }],
                    },
                },
                ["no_category"] = new() { Missing = new FieldRef("category") },
                ["prices"] = new()
                {
                    Range = new RangeAggregation("price_cents", [.. PriceEdges.Select((from, i) =>
                        new AggregationRange { From = from, To = i + 1 < PriceEdges.Length ? PriceEdges[i + 1] : null })]),
                },
            },
            Highlight = query.Text is null
                ? null
                : new HighlightRequest([Highlight.Start.ToString()], [Highlight.Stop.ToString()], new Dictionary<string, HighlightField>
                {
                    ["name"] = new() { NumberOfFragments = 0 },
                    ["description"] = new() { NumberOfFragments = 1, FragmentSize = 200, NoMatchSize = 200 },
                }),
        };
    }

    /// <summary>
    /// Every word must match, each in any of the fields (as the PostgreSQL engine's query does across its whole
    /// document): one fuzzy <c>multi_match</c> per word. A word the analyzer drops (a Portuguese stop word such as
    /// "de") matches everything rather than nothing.
    /// </summary>
    private static List<Query> Words(string text) =>
    [
        .. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().Select(word => new Query
        {
            MultiMatch = new MultiMatchQuery(word, TextFields) { Type = "best_fields", Fuzziness = "AUTO", PrefixLength = 1, ZeroTermsQuery = "all" },
        }),
    ];

    /// <summary>
    /// Names starting with the prefix first, then names with a word starting with it, then names a typo away; each
    /// tier scores a constant, so popularity and then the name order a tier.
    /// </summary>
    public static SearchRequest Suggest(Guid tenantId, string prefix, int limit)
    {
        var folded = Fold(prefix);
        return new SearchRequest(new Query
        {
            Bool = new BoolQuery
            {
                Filter = LiveProducts(tenantId),
                MustNot = [Query.TermOf("deleted", true)],
                Should =
                [
                    Scored(new Query { Prefix = new Dictionary<string, TermQuery> { ["name.sort"] = new(folded) } }, 4),
                    Scored(new Query { Match = new Dictionary<string, MatchQuery> { ["name.autocomplete"] = new(prefix) { Operator = "and" } } }, 2),
                    Scored(new Query { Match = new Dictionary<string, MatchQuery> { ["name"] = new(prefix) { Fuzziness = "AUTO", Operator = "and" } } }, 1),
                ],
                MinimumShouldMatch = 1,
            },
        })
        {
            Size = limit,
            Sort =
            [
                new Dictionary<string, string> { ["_score"] = "desc" },
                new Dictionary<string, string> { ["popularity"] = "desc" },
                new Dictionary<string, string> { ["name.sort"] = "asc" },
            ],
            Source = ["product_id", "name"],
        };
    }

    /// <summary>Lowercase without accents, as the folded keyword normalizer stores <c>name.sort</c>.</summary>
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    private static List<Query> LiveProducts(Guid tenantId) => [Query.TermOf("tenant_id", tenantId), Query.TermOf("active", true)];

    private static Query Scored(Query query, double boost) => new() { ConstantScore = new ConstantScoreQuery(query, boost) };

    private static IReadOnlyList<IReadOnlyDictionary<string, string>> Sort(ProductSort sort) => sort switch
    {
        ProductSort.PriceAscending => [By("price_cents", "asc"), By("product_id", "asc")],
        ProductSort.PriceDescending => [By("price_cents", "desc"), By("product_id", "asc")],
        ProductSort.Newest => [By("created_at", "desc"), By("product_id", "asc")],
        _ => [By("_score", "desc"), By("popularity", "desc"), By("product_id", "asc")],
    };

    private static Dictionary<string, string> By(string field, string order) => new() { [field] = order };
}
