using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Search.Elasticsearch;

// Typed bodies of the write and maintenance APIs; ElasticsearchClient.Json writes the names in snake_case.

public sealed record PainlessScript(string Source, IReadOnlyDictionary<string, object?> Params)
{
    public string Lang { get; init; } = PainlessScripts.Language;
}

/// <summary><c>POST /{index}/_update/{id}</c>.</summary>
public sealed record UpdateRequest(PainlessScript Script)
{
    public object? Upsert { get; init; }

    public bool? ScriptedUpsert { get; init; }
}

/// <summary><c>POST /{index}/_update_by_query</c>.</summary>
public sealed record UpdateByQueryRequest(Query Query, PainlessScript Script);

/// <summary><c>POST /_reindex</c>.</summary>
public sealed record ReindexRequest(ReindexSource Source, ReindexDestination Dest, string Conflicts)
{
    public PainlessScript? Script { get; init; }
}

public sealed record ReindexSource(string Index);

public sealed record ReindexDestination(string Index, string VersionType);

/// <summary><c>POST /_aliases</c>: the actions apply atomically.</summary>
public sealed record AliasActionsRequest(IReadOnlyList<AliasAction> Actions);

public sealed record AliasAction
{
    public AliasTarget? Add { get; init; }

    public AliasTarget? Remove { get; init; }
}

public sealed record AliasTarget(string Index, string Alias);

/// <summary>The action line of one <c>_bulk</c> operation.</summary>
public sealed record BulkAction
{
    public BulkTarget? Index { get; init; }

    public BulkTarget? Update { get; init; }
}

public sealed record BulkTarget([property: JsonPropertyName("_index")] string Index, [property: JsonPropertyName("_id")] string Id)
{
    public long? Version { get; init; }

    public string? VersionType { get; init; }

    public int? RetryOnConflict { get; init; }
}

/// <summary><c>POST /{index}/_mget</c>.</summary>
public sealed record MultiGetRequest(IReadOnlyList<string> Ids);

public sealed record MultiGetResponse(IReadOnlyList<GetResponse>? Docs);

public sealed record GetResponse(
    [property: JsonPropertyName("_id")] string Id,
    bool Found,
    [property: JsonPropertyName("_version")] long? Version,
    [property: JsonPropertyName("_source")] JsonElement? Source);

/// <summary>The answer of an index, create, delete or update of one document.</summary>
public sealed record WriteResponse(string Result, [property: JsonPropertyName("_version")] long? Version)
{
    public UpdateGet? Get { get; init; }

    /// <summary>Whether the write changed the document (<c>noop</c> did not).</summary>
    public bool Changed => Result is "created" or "updated" or "deleted";
}

public sealed record UpdateGet([property: JsonPropertyName("_source")] JsonElement? Source);

/// <summary>The answer of <c>_update_by_query</c> and <c>_reindex</c>.</summary>
public sealed record ByQueryResponse(long Total, long Updated, long Created, long Noops, long VersionConflicts, IReadOnlyList<JsonElement> Failures);

/// <summary>The stored signal documents of <c>search-signals-{tenant}</c>.</summary>
public sealed record StockSignal(int Available, long AsOfUs);

public sealed record PriceSignal(long PriceCents, string Currency, long Version);

public sealed record CategorySignal(string? Name, long Version);

public sealed record SaleMarker(DateTimeOffset AppliedAt);
