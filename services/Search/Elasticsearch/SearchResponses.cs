using System.Text.Json.Serialization;

namespace Platform.Search.Elasticsearch;

// Typed answers of _search, as far as the engine reads them.

public sealed record SearchResponse
{
    public SearchHits Hits { get; init; } = new([]);

    public SearchAggregations? Aggregations { get; init; }
}

public sealed record SearchHits(IReadOnlyList<SearchHit> Hits)
{
    public TotalHits? Total { get; init; }
}

public sealed record TotalHits(long Value, string Relation);

public sealed record SearchHit(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("_score")] double? Score,
    [property: JsonPropertyName("_source")] ProductDocument Source)
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Highlight { get; init; }

    public IReadOnlyList<System.Text.Json.JsonElement>? Sort { get; init; }
}

public sealed record SearchAggregations
{
    public BucketsAggregate<KeyBucket>? Categories { get; init; }

    public CountAggregate? NoCategory { get; init; }

    public BucketsAggregate<RangeBucket>? Prices { get; init; }
}

public sealed record BucketsAggregate<TBucket>(IReadOnlyList<TBucket> Buckets);

public sealed record KeyBucket(string Key, long DocCount);

public sealed record RangeBucket(double? From, double? To, long DocCount);

public sealed record CountAggregate(long DocCount);
