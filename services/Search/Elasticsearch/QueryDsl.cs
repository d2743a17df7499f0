using System.Text.Json.Serialization;

namespace Platform.Search.Elasticsearch;

// A typed subset of Elasticsearch's query DSL. Field names are the mapping's constants; user text only ever lands in
// values (a query string, a term, a bound), which the serializer escapes.

/// <summary>One query clause: exactly one property is set.</summary>
public sealed record Query
{
    public BoolQuery? Bool { get; init; }

    public MultiMatchQuery? MultiMatch { get; init; }

    public IReadOnlyDictionary<string, MatchQuery>? Match { get; init; }

    public IReadOnlyDictionary<string, TermQuery>? Term { get; init; }

    public IReadOnlyDictionary<string, TermQuery>? Prefix { get; init; }

    public IReadOnlyDictionary<string, RangeQuery>? Range { get; init; }

    public IdsQuery? Ids { get; init; }

    public ConstantScoreQuery? ConstantScore { get; init; }

    public static Query TermOf(string field, object value) => new() { Term = new Dictionary<string, TermQuery> { [field] = new(value) } };

    public static Query RangeOf(string field, RangeQuery range) => new() { Range = new Dictionary<string, RangeQuery> { [field] = range } };
}

public sealed record BoolQuery
{
    public IReadOnlyList<Query>? Must { get; init; }

    public IReadOnlyList<Query>? Should { get; init; }

    public IReadOnlyList<Query>? Filter { get; init; }

    public IReadOnlyList<Query>? MustNot { get; init; }

    public int? MinimumShouldMatch { get; init; }
}

public sealed record MultiMatchQuery(string Query, IReadOnlyList<string> Fields)
{
    public string? Type { get; init; }

    public string? Fuzziness { get; init; }

    public int? PrefixLength { get; init; }

    public string? Operator { get; init; }

    public string? ZeroTermsQuery { get; init; }
}

public sealed record MatchQuery(string Query)
{
    public string? Fuzziness { get; init; }

    public int? PrefixLength { get; init; }

    public string? Operator { get; init; }
}

public sealed record TermQuery(object Value);

public sealed record RangeQuery
{
    public object? Gt { get; init; }

    public object? Gte { get; init; }

    public object? Lt { get; init; }

    public object? Lte { get; init; }
}

public sealed record IdsQuery(IReadOnlyList<string> Values);

public sealed record ConstantScoreQuery(Query Filter, double Boost);

/// <summary><c>POST /{index}/_search</c>.</summary>
public sealed record SearchRequest(Query Query)
{
    public int? From { get; init; }

    public int? Size { get; init; }

    public bool? TrackTotalHits { get; init; }

    /// <summary>Each entry is one field and its order, e.g. <c>{"price_cents": "asc"}</c>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>>? Sort { get; init; }

    [JsonPropertyName("_source")]
    public IReadOnlyList<string>? Source { get; init; }

    public IReadOnlyList<object>? SearchAfter { get; init; }

    public IReadOnlyDictionary<string, Aggregation>? Aggs { get; init; }

    public HighlightRequest? Highlight { get; init; }
}

public sealed record Aggregation
{
    public TermsAggregation? Terms { get; init; }

    public FieldRef? Missing { get; init; }

    public RangeAggregation? Range { get; init; }
}

public sealed record TermsAggregation(string Field, int Size)
{
    public IReadOnlyList<IReadOnlyDictionary<string, string>>? Order { get; init; }
}

public sealed record FieldRef(string Field);

public sealed record RangeAggregation(string Field, IReadOnlyList<AggregationRange> Ranges);

public sealed record AggregationRange
{
    public long? From { get; init; }

    public long? To { get; init; }
}

public sealed record HighlightRequest(
    IReadOnlyList<string> PreTags, IReadOnlyList<string> PostTags, IReadOnlyDictionary<string, HighlightField> Fields)
{
    public string? Encoder { get; init; }
}

public sealed record HighlightField
{
    public int? NumberOfFragments { get; init; }

    public int? FragmentSize { get; init; }

    public int? NoMatchSize { get; init; }
}
