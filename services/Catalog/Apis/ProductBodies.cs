using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Platform.Catalog.Products;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Apis;

/// <summary>
/// A product's response (its body serialized, and its ETag), made once per product instance: the cache's memory tier
/// hands out the same immutable instance on every hit, so a cached read writes what it already has (without that tier
/// each hit is a new instance, made again). The response lives as long as its instance does; a changed product is a
/// new instance.
/// </summary>
public sealed class ProductBodies
{
    private readonly ConditionalWeakTable<Product, ProductBody> bodies = new();

    // Made once: a lambda over the options, written inline, would be a new delegate on every read.
    private readonly ConditionalWeakTable<Product, ProductBody>.CreateValueCallback serialize;

    public ProductBodies(IOptions<JsonOptions> json)
    {
        var options = json.Value.SerializerOptions;
        serialize = product => new ProductBody(
            new JsonBody<ProductResponse>(JsonSerializer.SerializeToUtf8Bytes(ProductResponse.From(product), options)),
            IfMatch.ETag(product.Version));
    }

    public ProductBody Of(Product product) => bodies.GetValue(product, serialize);
}

/// <summary>
/// A product's 200 response, ready to write (already in the read endpoint's result type, so a read wraps nothing), and
/// the ETag that goes with it.
/// </summary>
public sealed record ProductBody(Results<JsonBody<ProductResponse>, ProblemHttpResult> Result, string ETag);
