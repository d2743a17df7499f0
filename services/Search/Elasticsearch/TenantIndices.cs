using System.Collections.Concurrent;
using System.Net;

namespace Platform.Search.Elasticsearch;

/// <summary>
/// Makes sure a tenant's alias exists before the first write: a tenant without one gets its initial index (a fixed
/// build id, so two instances racing create the same one) with the alias. Writes also send <c>require_alias=true</c>,
/// so Elasticsearch never auto-creates a concrete index under the alias's name.
/// </summary>
public sealed class TenantIndices(ElasticsearchClient client)
{
    private readonly ConcurrentDictionary<Guid, bool> known = new();

    public async Task EnsureAliasAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (known.ContainsKey(tenantId))
        {
            return;
        }

        using var exists = await client.SendAsync(
            HttpMethod.Head, $"_alias/{ProductIndexNames.Alias(tenantId)}", null, cancellationToken, HttpStatusCode.NotFound);
        if (!exists.Succeeded)
        {
            await CreateIndexAsync(ProductIndexNames.Index(tenantId, ProductIndexNames.InitialBuild), ProductIndexNames.Alias(tenantId), cancellationToken);
        }

        known[tenantId] = true;
    }

    /// <summary>Forgets what is known of <paramref name="tenantId"/>'s alias (after a write found none).</summary>
    public void Forget(Guid tenantId) => known.TryRemove(tenantId, out _);

    /// <summary>Creates an index with the product mapping (and <paramref name="alias"/>); one that exists already is left as it is.</summary>
    public async Task CreateIndexAsync(string index, string? alias, CancellationToken cancellationToken)
    {
        using var created = await client.SendAsync(
            HttpMethod.Put, index, ProductIndexMapping.CreateIndexBody(alias), cancellationToken, HttpStatusCode.BadRequest);
        if (!created.Succeeded && ErrorType(created) != "resource_already_exists_exception")
        {
            throw new ElasticsearchException(created.Status, created.Body?.RootElement.GetRawText() ?? "");
        }
    }

    /// <summary>The indices <paramref name="alias"/> points at (none when it does not exist).</summary>
    public async Task<IReadOnlyList<string>> IndicesOfAsync(string alias, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(HttpMethod.Get, $"_alias/{alias}", null, cancellationToken, HttpStatusCode.NotFound);
        return response is { Succeeded: true, Body: { } body } ? [.. body.RootElement.EnumerateObject().Select(index => index.Name)] : [];
    }

    public async Task RefreshAsync(string index, CancellationToken cancellationToken)
    {
        using var _ = await client.SendAsync(HttpMethod.Post, $"{index}/_refresh", null, cancellationToken);
    }

    /// <summary>The <c>error.type</c> of a failed answer, if any.</summary>
    public static string? ErrorType(ElasticsearchResponse response) =>
        response.Body?.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
        && response.Body.RootElement.TryGetProperty("error", out var error)
        && error.ValueKind == System.Text.Json.JsonValueKind.Object
        && error.TryGetProperty("type", out var type)
            ? type.GetString()
            : null;
}
