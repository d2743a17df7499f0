using System.Net;
using Platform.Search.Indexing;
using Platform.Search.Reindexing;

namespace Platform.Search.Elasticsearch;

/// <summary>
/// <see cref="IIndexRebuild"/> on Elasticsearch: a build is a new index <c>products-{tenant}-{build}</c>, filled with
/// <c>_bulk</c> (external versions, signals folded in). The switch copies the live index into it with
/// <c>_reindex</c> and external versioning, so whatever is newer per product wins (events during the build included);
/// copied products Catalog no longer listed and untouched since the build began are retired as tombstones; then the
/// alias moves to the new index in one <c>_aliases</c> call, writes that reached the old index meanwhile are copied
/// over the same way, and the old index is deleted. Which products Catalog listed is read back from the build
/// index before the copy, so the switch needs nothing kept in memory since staging.
/// </summary>
public sealed class ElasticsearchIndexRebuild(ElasticsearchClient client, TenantIndices indices, ProductSignals signals) : IIndexRebuild
{
    private const int Page = 5_000;

    public async Task StageAsync(Guid buildId, IReadOnlyList<IndexedProduct> products, CancellationToken cancellationToken)
    {
        if (products.Count == 0)
        {
            return;
        }

        var tenantId = products[0].TenantId;
        if (products.Any(product => product.TenantId != tenantId))
        {
            throw new ArgumentException("A build holds the products of one tenant.", nameof(products));
        }

        var index = ProductIndexNames.Index(tenantId, buildId);
        await indices.CreateIndexAsync(index, null, cancellationToken);
        var found = await signals.ReadAsync(tenantId, [.. products.Select(product => (product.ProductId, product.CategoryId))], cancellationToken);
        var lines = new List<object>(products.Count * 2);
        foreach (var product in products)
        {
            var document = ProductDocument.From(product);
            lines.Add(new BulkAction
            {
                Index = new BulkTarget(index, ProductIndexNames.ProductId(product.ProductId))
                {
                    Version = ProductIndexNames.ExternalVersion(product.Version), VersionType = "external",
                },
            });
            lines.Add(found.TryGetValue(product.ProductId, out var parameters) ? ProductSignals.Apply(document, parameters) : document);
        }

        using var _ = await client.BulkAsync("_bulk", lines, cancellationToken);
    }

    public async Task<int> SwitchAsync(Guid tenantId, Guid buildId, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var index = ProductIndexNames.Index(tenantId, buildId);
        var alias = ProductIndexNames.Alias(tenantId);
        await indices.CreateIndexAsync(index, null, cancellationToken);
        var live = (await indices.IndicesOfAsync(alias, cancellationToken)).Where(name => name != index).ToList();
        var retired = 0;
        if (live.Count > 0)
        {
            await indices.RefreshAsync(index, cancellationToken);
            var staged = (await ProductIdsAsync(index, null, cancellationToken)).ToHashSet();
            await indices.RefreshAsync(alias, cancellationToken);
            foreach (var old in live)
            {
                await ReindexAsync(old, index, new PainlessScript(PainlessScripts.MarkRebuildCopy, new Dictionary<string, object?> { ["build_id"] = buildId.ToString() }), cancellationToken);
            }

            await indices.RefreshAsync(index, cancellationToken);
            retired = await RetireAsync(index, buildId, staged, startedAt, cancellationToken);
        }

        var actions = live.Select(old => new AliasAction { Remove = new AliasTarget(old, alias) }).Append(new AliasAction { Add = new AliasTarget(index, alias) });
        using (await client.SendAsync(HttpMethod.Post, "_aliases", new AliasActionsRequest([.. actions]), cancellationToken))
        {
        }

        foreach (var old in live)
        {
            // Writes that reached the old index between the copy and the switch.
            await indices.RefreshAsync(old, cancellationToken);
            await ReindexAsync(old, index, null, cancellationToken);
            using var _ = await client.SendAsync(HttpMethod.Delete, old, null, cancellationToken, HttpStatusCode.NotFound);
        }

        return retired;
    }

    public async Task AbandonAsync(Guid buildId, CancellationToken cancellationToken)
    {
        using var resolved = await client.SendAsync(
            HttpMethod.Get, $"_resolve/index/{ProductIndexNames.BuildPattern(buildId)}", null, cancellationToken, HttpStatusCode.NotFound);
        var names = resolved is { Succeeded: true, Body: { } body } && body.RootElement.TryGetProperty("indices", out var found)
            ? found.EnumerateArray().Select(index => index.GetProperty("name").GetString()!).ToList()
            : [];
        foreach (var name in names)
        {
            // Never the index a switch that failed late already put behind the alias.
            using var aliases = await client.SendAsync(HttpMethod.Get, $"{name}/_alias", null, cancellationToken, HttpStatusCode.NotFound);
            if (aliases.Body?.RootElement.TryGetProperty(name, out var entry) == true
                && entry.TryGetProperty("aliases", out var list) && list.EnumerateObject().Any())
            {
                continue;
            }

            using var _ = await client.SendAsync(HttpMethod.Delete, name, null, cancellationToken, HttpStatusCode.NotFound);
        }
    }

    private async Task ReindexAsync(string from, string to, PainlessScript? script, CancellationToken cancellationToken)
    {
        var request = new ReindexRequest(new ReindexSource(from), new ReindexDestination(to, "external"), "proceed") { Script = script };
        using var response = await client.SendAsync(HttpMethod.Post, "_reindex?refresh=true&wait_for_completion=true", request, cancellationToken);
        var answer = client.Read<ByQueryResponse>(response.Body!);
        if (answer.Failures is { Count: > 0 } failures)
        {
            throw new ElasticsearchException(HttpStatusCode.InternalServerError, $"_reindex {from} -> {to} failed: {failures[0].GetRawText()}");
        }
    }

    /// <summary>Tombstones the live products copied into the build that Catalog did not list and no event touched since <paramref name="startedAt"/>.</summary>
    private async Task<int> RetireAsync(string index, Guid buildId, HashSet<Guid> staged, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var copied = new Query
        {
            Bool = new BoolQuery
            {
                Filter = [Query.TermOf("rebuild_copy", buildId), Query.RangeOf("updated_at", new RangeQuery { Lt = startedAt })],
                MustNot = [Query.TermOf("deleted", true)],
            },
        };
        var candidates = (await ProductIdsAsync(index, copied, cancellationToken)).Where(id => !staged.Contains(id)).ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }

        var lines = candidates.SelectMany(id => new object[]
        {
            new BulkAction { Update = new BulkTarget(index, ProductIndexNames.ProductId(id)) { RetryOnConflict = 10 } },
            new UpdateRequest(new PainlessScript(PainlessScripts.Retire, new Dictionary<string, object?>())),
        });
        using var bulk = await client.BulkAsync("_bulk?refresh=true", lines, cancellationToken);
        return bulk.Body!.RootElement.GetProperty("items").EnumerateArray()
            .Count(item => item.GetProperty("update").GetProperty("result").GetString() == "updated");
    }

    /// <summary>The ids of the products in <paramref name="index"/> matching <paramref name="filter"/> (all when null), paged by product id.</summary>
    private async Task<List<Guid>> ProductIdsAsync(string index, Query? filter, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        IReadOnlyList<object>? after = null;
        while (true)
        {
            var request = new SearchRequest(filter ?? new Query { Bool = new BoolQuery() })
            {
                Size = Page,
                Sort = [new Dictionary<string, string> { ["product_id"] = "asc" }],
                Source = ["product_id"],
                SearchAfter = after,
            };
            using var response = await client.SendAsync(HttpMethod.Post, $"{index}/_search", request, cancellationToken);
            var hits = client.Read<SearchResponse>(response.Body!).Hits.Hits;
            ids.AddRange(hits.Select(hit => hit.Source.ProductId));
            if (hits.Count < Page)
            {
                return ids;
            }

            after = [hits[^1].Sort![0].GetString()!];
        }
    }
}
