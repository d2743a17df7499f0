using System.Net;
using Platform.Search.Elasticsearch;
using Platform.Search.Indexing;
using Platform.Search.Querying;

namespace Platform.Search.Tests.Elasticsearch;

/// <summary>The engine on the real Elasticsearch of <see cref="LiveElasticsearchFactAttribute"/>, for one tenant of its own whose indices are deleted after.</summary>
public sealed class LiveElasticsearch : IAsyncDisposable
{
    private LiveElasticsearch()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        ElasticsearchClient.Configure(http, LiveElasticsearchFactAttribute.ConnectionString!);
        Client = new ElasticsearchClient(http);
        Indices = new TenantIndices(Client);
        var signals = new ProductSignals(Client);
        Index = new ElasticsearchProductIndex(Client, Indices, signals);
        Search = new ElasticsearchProductSearch(Client);
        Rebuild = new ElasticsearchIndexRebuild(Client, Indices, signals);
    }

    public Guid Tenant { get; } = Guid.NewGuid();

    public ElasticsearchClient Client { get; }

    public TenantIndices Indices { get; }

    public ElasticsearchProductIndex Index { get; }

    public ElasticsearchProductSearch Search { get; }

    public ElasticsearchIndexRebuild Rebuild { get; }

    public static LiveElasticsearch Create() => new();

    public IndexedProduct Product(string name, long version = 1, string? description = null, string? category = null, Guid? categoryId = null,
        string[]? tags = null, long priceCents = 10_000, DateTimeOffset? createdAt = null, Guid? productId = null, bool active = true) => new(
        Tenant, productId ?? Guid.NewGuid(), name, description, categoryId, category, tags ?? [], priceCents, "BRL", active, version,
        createdAt ?? DateTimeOffset.Parse("2026-01-01T00:00:00Z"), DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    /// <summary>Makes every write so far visible to searches.</summary>
    public Task RefreshAsync() => Indices.RefreshAsync(ProductIndexNames.Alias(Tenant), CancellationToken.None);

    public async Task<SearchResult> QueryAsync(string? text = null, string? category = null, long? min = null, long? max = null,
        bool inStock = false, string[]? tags = null, string? sort = null)
    {
        await RefreshAsync();
        Assert.True(ProductQuery.TryCreate(new SearchParameters(text, category, min, max, inStock, tags, sort, null, null), out var query, out _));
        return await Search.SearchAsync(Tenant, query, CancellationToken.None);
    }

    public async Task<IReadOnlyList<string>> AliasTargetsAsync() =>
        await Indices.IndicesOfAsync(ProductIndexNames.Alias(Tenant), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        using var resolved = await Client.SendAsync(
            HttpMethod.Get, $"_resolve/index/products-{Tenant:N}*,search-signals-{Tenant:N}*", null, CancellationToken.None, HttpStatusCode.NotFound);
        if (resolved.Body?.RootElement.TryGetProperty("indices", out var indices) == true)
        {
            foreach (var index in indices.EnumerateArray().Select(index => index.GetProperty("name").GetString()!))
            {
                using var _ = await Client.SendAsync(HttpMethod.Delete, index, null, CancellationToken.None, HttpStatusCode.NotFound);
            }
        }
    }
}
