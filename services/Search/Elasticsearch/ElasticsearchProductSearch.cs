using System.Net;
using Platform.Search.Querying;

namespace Platform.Search.Elasticsearch;

/// <summary>
/// <see cref="IProductSearch"/> on Elasticsearch: one <c>_search</c> on the tenant's alias returns the page, the total
/// and both facets (see <see cref="ProductSearchRequests"/>). A tenant with no index yet has no products.
/// </summary>
public sealed class ElasticsearchProductSearch(ElasticsearchClient client) : IProductSearch
{
    private const string Unavailable = "ignore_unavailable=true&allow_no_indices=true";

    public async Task<SearchResult> SearchAsync(Guid tenantId, ProductQuery query, CancellationToken cancellationToken)
    {
        var request = ProductSearchRequests.Search(tenantId, query);
        using var response = await client.SendAsync(
            HttpMethod.Post, $"{ProductIndexNames.Alias(tenantId)}/_search?{Unavailable}", request, cancellationToken, HttpStatusCode.NotFound);
        if (response is not { Succeeded: true, Body: { } body })
        {
            return Empty();
        }

        var answer = client.Read<SearchResponse>(body);
        var hits = answer.Hits.Hits.Select(hit => ToHit(hit, query.Text is not null)).ToList();
        var aggregations = answer.Aggregations;
        var categories = (aggregations?.Categories?.Buckets ?? []).Select(bucket => new CategoryFacet(bucket.Key, bucket.DocCount)).ToList();
        if (aggregations?.NoCategory is { DocCount: > 0 } none)
        {
            // Among the categories by count, names before "none" at equal counts, as the PostgreSQL engine orders them.
            var at = categories.FindIndex(facet => facet.Count < none.DocCount);
            categories.Insert(at < 0 ? categories.Count : at, new CategoryFacet(null, none.DocCount));
            if (categories.Count > ProductSearchRequests.CategoryFacetSize)
            {
                categories.RemoveAt(categories.Count - 1);
            }
        }

        var prices = ProductSearchRequests.PriceEdges.Select((from, i) => new PriceFacet(
            from,
            i + 1 < ProductSearchRequests.PriceEdges.Length ? ProductSearchRequests.PriceEdges[i + 1] : null,
            aggregations?.Prices?.Buckets.ElementAtOrDefault(i)?.DocCount ?? 0)).ToList();
        return new SearchResult(answer.Hits.Total?.Value ?? hits.Count, hits, new SearchFacets(categories, prices));
    }

    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(Guid tenantId, string prefix, int limit, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(
            HttpMethod.Post, $"{ProductIndexNames.Alias(tenantId)}/_search?{Unavailable}", ProductSearchRequests.Suggest(tenantId, prefix, limit),
            cancellationToken, HttpStatusCode.NotFound);
        if (response is not { Succeeded: true, Body: { } body })
        {
            return [];
        }

        return [.. client.Read<SearchResponse>(body).Hits.Hits.Select(hit => new Suggestion(hit.Source.ProductId, hit.Source.Name))];
    }

    private static ProductHit ToHit(SearchHit hit, bool highlighted)
    {
        var source = hit.Source;
        HitHighlights? highlights = null;
        if (highlighted)
        {
            var name = hit.Highlight?.GetValueOrDefault("name") is [var markedName, ..] ? markedName : source.Name;
            var description = hit.Highlight?.GetValueOrDefault("description") is [var markedDescription, ..] ? markedDescription : source.Description;
            highlights = new HitHighlights(Highlight.ToHtml(name), description is null ? null : Highlight.ToHtml(description));
        }

        return new ProductHit(
            source.ProductId, source.Name, source.Description, source.Category, source.Tags, source.PriceCents, source.Currency.Trim(),
            source.Available, source.Popularity, hit.Score ?? 0, highlights);
    }

    private static SearchResult Empty() => new(
        0,
        [],
        new SearchFacets([], [.. ProductSearchRequests.PriceEdges.Select((from, i) =>
            new PriceFacet(from, i + 1 < ProductSearchRequests.PriceEdges.Length ? ProductSearchRequests.PriceEdges[i + 1] : null, 0))]));
}
