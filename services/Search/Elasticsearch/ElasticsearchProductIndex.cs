using System.Net;
using Platform.Search.Indexing;

namespace Platform.Search.Elasticsearch;

/// <summary>
/// <see cref="IProductIndex"/> on Elasticsearch. Products and deletions are indexed with external versioning (the
/// product version, scaled by <see cref="ProductIndexNames.VersionScale"/>): an older or repeated event gets a 409
/// version conflict, read as "changed nothing", and a deletion leaves a tombstone that later older events cannot pass.
/// Prices, stock, units sold and category names are first written as signal documents ordered by their own version,
/// time or event id, then folded into the product by a conditional scripted update; a product written later reads
/// them back, so none is lost whatever the order of arrival.
/// </summary>
public sealed class ElasticsearchProductIndex(ElasticsearchClient client, TenantIndices indices, ProductSignals signals) : IProductIndex
{
    /// <summary>How many recent orders per product a units-sold counter remembers to count each once.</summary>
    public const int SalesRemembered = 200;

    public async Task<bool> UpsertAsync(IndexedProduct product, CancellationToken cancellationToken)
    {
        var indexed = await IndexVersionedAsync(product.TenantId, product.ProductId, ProductDocument.From(product), product.Version, cancellationToken);
        // Also after a conflict: an earlier attempt may have stopped between the two writes.
        var found = await signals.ReadAsync(product.TenantId, [(product.ProductId, product.CategoryId)], cancellationToken);
        if (found.TryGetValue(product.ProductId, out var parameters))
        {
            await UpdateProductAsync(product.TenantId, product.ProductId, parameters, cancellationToken);
        }

        return indexed;
    }

    public Task<bool> DeleteAsync(Guid tenantId, Guid productId, long version, DateTimeOffset deletedAt, CancellationToken cancellationToken) =>
        IndexVersionedAsync(tenantId, productId, ProductDocument.Tombstone(tenantId, productId, version, deletedAt), version, cancellationToken);

    public async Task<bool> ChangePriceAsync(
        Guid tenantId, Guid productId, long priceCents, string currency, long version, CancellationToken cancellationToken)
    {
        var price = new PriceSignal(priceCents, currency, version);
        await WriteSignalAsync(tenantId, ProductIndexNames.PriceId(productId), price, version, cancellationToken);
        var parameters = new Dictionary<string, object?>();
        ProductSignals.AddPrice(parameters, price);
        return await UpdateProductAsync(tenantId, productId, parameters, cancellationToken);
    }

    public async Task<bool> SetStockAsync(Guid tenantId, Guid productId, int available, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var stock = new StockSignal(available, ProductIndexNames.Microseconds(asOf));
        var written = await WriteSignalAsync(tenantId, ProductIndexNames.StockId(productId), stock, stock.AsOfUs, cancellationToken);
        var parameters = new Dictionary<string, object?>();
        ProductSignals.AddStock(parameters, stock);
        await UpdateProductAsync(tenantId, productId, parameters, cancellationToken);
        return written;
    }

    public async Task<bool> SetCategoryAsync(Guid tenantId, Guid categoryId, string? name, long version, CancellationToken cancellationToken)
    {
        var category = new CategorySignal(name, version);
        var written = await WriteSignalAsync(tenantId, ProductIndexNames.CategoryId(categoryId), category, version, cancellationToken);
        if (!written && await SignalVersionAsync(tenantId, ProductIndexNames.CategoryId(categoryId), cancellationToken) != version)
        {
            return false;
        }

        // Written now, or by an earlier attempt of the same event that may have stopped before reaching the products.
        await indices.EnsureAliasAsync(tenantId, cancellationToken);
        var alias = ProductIndexNames.Alias(tenantId);
        await indices.RefreshAsync(alias, cancellationToken);
        var parameters = new Dictionary<string, object?>();
        ProductSignals.AddCategory(parameters, categoryId, category);
        using var response = await client.SendAsync(
            HttpMethod.Post,
            $"{alias}/_update_by_query?refresh=true",
            new UpdateByQueryRequest(Query.TermOf("category_id", categoryId), new PainlessScript(PainlessScripts.ApplySignals, parameters)),
            cancellationToken);
        return written;
    }

    public async Task<bool> AddSalesAsync(Guid eventId, Guid tenantId, IReadOnlyList<(Guid ProductId, int Units)> lines, CancellationToken cancellationToken)
    {
        var signalsIndex = ProductIndexNames.Signals(tenantId);
        var saleId = ProductIndexNames.SaleId(eventId);
        if (await SignalVersionAsync(tenantId, saleId, cancellationToken) is not null)
        {
            return false;
        }

        // Each counter remembers the order, so a retry after a failure part-way counts no product twice.
        foreach (var (productId, units) in lines.GroupBy(line => line.ProductId).Select(group => (group.Key, group.Sum(line => (long)line.Units))))
        {
            var count = new UpdateRequest(new PainlessScript(PainlessScripts.CountSale, new Dictionary<string, object?>
            {
                ["event_id"] = eventId.ToString(),
                ["units"] = units,
                ["keep"] = SalesRemembered,
            }))
            {
                Upsert = new Dictionary<string, object?>(),
                ScriptedUpsert = true,
            };
            using var counted = await client.SendAsync(
                HttpMethod.Post, $"{signalsIndex}/_update/{ProductIndexNames.PopularityId(productId)}?retry_on_conflict=10&_source=units",
                count, cancellationToken);
            var total = client.Read<WriteResponse>(counted.Body!).Get?.Source?.GetProperty("units").GetInt64();
            if (total is not null)
            {
                await UpdateProductAsync(tenantId, productId, new Dictionary<string, object?> { ["popularity"] = total }, cancellationToken);
            }
        }

        using var marked = await client.SendAsync(
            HttpMethod.Put, $"{signalsIndex}/_create/{saleId}", new SaleMarker(DateTimeOffset.UtcNow), cancellationToken, HttpStatusCode.Conflict);
        return marked.Succeeded;
    }

    /// <summary>Indexes a whole product document unless one of the same or a newer version is there.</summary>
    private async Task<bool> IndexVersionedAsync(Guid tenantId, Guid productId, ProductDocument document, long version, CancellationToken cancellationToken)
    {
        await indices.EnsureAliasAsync(tenantId, cancellationToken);
        var path = $"{ProductIndexNames.Alias(tenantId)}/_doc/{ProductIndexNames.ProductId(productId)}"
                   + $"?version={ProductIndexNames.ExternalVersion(version)}&version_type=external&require_alias=true";
        using var response = await client.SendAsync(HttpMethod.Put, path, document, cancellationToken, HttpStatusCode.Conflict, HttpStatusCode.NotFound);
        if (response.Status == HttpStatusCode.NotFound)
        {
            indices.Forget(tenantId);
            throw new ElasticsearchException(response.Status, $"the alias {ProductIndexNames.Alias(tenantId)} is missing; the write will be retried");
        }

        return response.Succeeded;
    }

    /// <summary>Folds signals into a stored product; false when it changed nothing or the product is not indexed yet.</summary>
    private async Task<bool> UpdateProductAsync(Guid tenantId, Guid productId, Dictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        await indices.EnsureAliasAsync(tenantId, cancellationToken);
        var path = $"{ProductIndexNames.Alias(tenantId)}/_update/{ProductIndexNames.ProductId(productId)}?retry_on_conflict=10&require_alias=true";
        using var response = await client.SendAsync(
            HttpMethod.Post, path, new UpdateRequest(new PainlessScript(PainlessScripts.ApplySignals, parameters)), cancellationToken,
            HttpStatusCode.NotFound);
        return response is { Succeeded: true, Body: { } body } && client.Read<WriteResponse>(body).Changed;
    }

    /// <summary>Writes a signal document unless one of the same or a newer <paramref name="version"/> is there.</summary>
    private async Task<bool> WriteSignalAsync(Guid tenantId, string id, object signal, long version, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(
            HttpMethod.Put, $"{ProductIndexNames.Signals(tenantId)}/_doc/{id}?version={version}&version_type=external",
            signal, cancellationToken, HttpStatusCode.Conflict);
        return response.Succeeded;
    }

    private async Task<long?> SignalVersionAsync(Guid tenantId, string id, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(
            HttpMethod.Get, $"{ProductIndexNames.Signals(tenantId)}/_doc/{id}?_source=false", null, cancellationToken, HttpStatusCode.NotFound);
        return response is { Succeeded: true, Body: { } body } && client.Read<GetResponse>(body) is { Found: true } found ? found.Version : null;
    }
}
