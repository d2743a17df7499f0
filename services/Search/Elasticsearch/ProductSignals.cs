using System.Net;
using System.Text.Json;

namespace Platform.Search.Elasticsearch;

/// <summary>
/// The signals kept for a tenant's products apart from their documents (<c>search-signals-{tenant}</c>), read back to
/// fold them into products written after them: a product document is replaced whole by a newer version, and by a
/// rebuild, and must not lose the stock level, newer price, units sold or category name that arrived before.
/// </summary>
public sealed class ProductSignals(ElasticsearchClient client)
{
    /// <summary>The <see cref="PainlessScripts.ApplySignals"/> params of each product that has any signal.</summary>
    public async Task<Dictionary<Guid, Dictionary<string, object?>>> ReadAsync(
        Guid tenantId, IReadOnlyList<(Guid ProductId, Guid? CategoryId)> products, CancellationToken cancellationToken)
    {
        var ids = products.SelectMany(product => new[]
        {
            ProductIndexNames.StockId(product.ProductId),
            ProductIndexNames.PriceId(product.ProductId),
            ProductIndexNames.PopularityId(product.ProductId),
        }).Concat(products.Where(product => product.CategoryId is not null).Select(product => ProductIndexNames.CategoryId(product.CategoryId!.Value)))
            .Distinct().ToList();
        var found = new Dictionary<string, JsonElement>();
        if (ids.Count > 0)
        {
            using var response = await client.SendAsync(
                HttpMethod.Post, $"{ProductIndexNames.Signals(tenantId)}/_mget", new MultiGetRequest(ids), cancellationToken, HttpStatusCode.NotFound);
            if (response is { Succeeded: true, Body: { } body })
            {
                foreach (var doc in (client.Read<MultiGetResponse>(body).Docs ?? []).Where(doc => doc is { Found: true, Source: not null }))
                {
                    found[doc.Id] = doc.Source!.Value;
                }
            }
        }

        var signals = new Dictionary<Guid, Dictionary<string, object?>>();
        foreach (var (productId, categoryId) in products)
        {
            var parameters = new Dictionary<string, object?>();
            if (found.TryGetValue(ProductIndexNames.StockId(productId), out var stock))
            {
                AddStock(parameters, stock.Deserialize<StockSignal>(ElasticsearchClient.Json)!);
            }

            if (found.TryGetValue(ProductIndexNames.PriceId(productId), out var price))
            {
                AddPrice(parameters, price.Deserialize<PriceSignal>(ElasticsearchClient.Json)!);
            }

            if (found.TryGetValue(ProductIndexNames.PopularityId(productId), out var popularity))
            {
                parameters["popularity"] = popularity.GetProperty("units").GetInt64();
            }

            if (categoryId is { } category && found.TryGetValue(ProductIndexNames.CategoryId(category), out var named))
            {
                AddCategory(parameters, category, named.Deserialize<CategorySignal>(ElasticsearchClient.Json)!);
            }

            if (parameters.Count > 0)
            {
                signals[productId] = parameters;
            }
        }

        return signals;
    }

    public static void AddStock(Dictionary<string, object?> parameters, StockSignal stock)
    {
        parameters["available"] = stock.Available;
        parameters["stock_as_of_us"] = stock.AsOfUs;
    }

    public static void AddPrice(Dictionary<string, object?> parameters, PriceSignal price)
    {
        parameters["price_cents"] = price.PriceCents;
        parameters["currency"] = price.Currency;
        parameters["price_version"] = price.Version;
    }

    public static void AddCategory(Dictionary<string, object?> parameters, Guid categoryId, CategorySignal category)
    {
        parameters["category_id"] = categoryId.ToString();
        parameters["category_name"] = category.Name;
        parameters["category_version"] = category.Version;
    }

    /// <summary>Applies signals to stored product documents in place, for a rebuild's pages before they are bulk-indexed.</summary>
    public static ProductDocument Apply(ProductDocument document, Dictionary<string, object?> signals)
    {
        if (signals.TryGetValue("price_version", out var priceVersion) && (long)priceVersion! > document.PriceVersion)
        {
            document = document with
            {
                PriceCents = (long)signals["price_cents"]!, Currency = (string)signals["currency"]!, PriceVersion = (long)priceVersion,
            };
        }

        if (signals.TryGetValue("stock_as_of_us", out var asOf))
        {
            document = document with { Available = (int)signals["available"]!, StockAsOfUs = (long)asOf! };
        }

        if (signals.TryGetValue("popularity", out var popularity))
        {
            document = document with { Popularity = (long)popularity! };
        }

        if (signals.TryGetValue("category_version", out var categoryVersion))
        {
            document = document with
            {
                CategoryVersion = (long)categoryVersion!, Category = (string?)signals["category_name"] ?? document.ProductCategory,
            };
        }

        return document;
    }
}
