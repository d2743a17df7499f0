using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Platform.Catalog.Products;

namespace Platform.Catalog.Apis;

/// <summary>
/// A product's response body, serialized once per product instance: the cache's memory tier hands out the same
/// immutable instance on every hit, so a cached read writes bytes it already has (without that tier each hit is a new
/// instance, serialized again). The bytes live as long as their instance does; a changed product is a new instance.
/// </summary>
public sealed class ProductBodies
{
    private readonly ConditionalWeakTable<Product, byte[]> bodies = new();

    // Made once: a lambda over the options, written inline, would be a new delegate on every read.
    private readonly ConditionalWeakTable<Product, byte[]>.CreateValueCallback serialize;

    public ProductBodies(IOptions<JsonOptions> json)
    {
        var options = json.Value.SerializerOptions;
        serialize = product => JsonSerializer.SerializeToUtf8Bytes(ProductResponse.From(product), options);
    }

    public byte[] Of(Product product) => bodies.GetValue(product, serialize);
}
