using Platform.Search.Indexing;

namespace Platform.Search.Elasticsearch;

/// <summary>
/// A product as stored in a tenant's index (snake_case in JSON). <see cref="ProductCategory"/> is the category name the
/// product's own event carried; <see cref="Category"/> is the one shown and faceted: the category's newest name when a
/// category event has been seen, else the product's own. A deleted product stays as a tombstone (<see cref="Deleted"/>).
/// </summary>
public sealed record ProductDocument
{
    public Guid TenantId { get; init; }

    public Guid ProductId { get; init; }

    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public Guid? CategoryId { get; init; }

    public string? Category { get; init; }

    public string? ProductCategory { get; init; }

    public long? CategoryVersion { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public long PriceCents { get; init; }

    public string Currency { get; init; } = "";

    public long PriceVersion { get; init; }

    public int? Available { get; init; }

    public long? StockAsOfUs { get; init; }

    public long Popularity { get; init; }

    public bool Active { get; init; }

    public bool Deleted { get; init; }

    public long Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The rebuild that copied this document from the live index (see <see cref="ElasticsearchIndexRebuild"/>).</summary>
    public Guid? RebuildCopy { get; init; }

    public static ProductDocument From(IndexedProduct product) => new()
    {
        TenantId = product.TenantId,
        ProductId = product.ProductId,
        Name = product.Name,
        Description = product.Description,
        CategoryId = product.CategoryId,
        Category = product.Category,
        ProductCategory = product.Category,
        Tags = product.Tags,
        PriceCents = product.PriceCents,
        Currency = product.Currency,
        PriceVersion = product.Version,
        Active = product.Active,
        Version = product.Version,
        CreatedAt = product.CreatedAt,
        UpdatedAt = product.UpdatedAt,
    };

    public static ProductDocument Tombstone(Guid tenantId, Guid productId, long version, DateTimeOffset deletedAt) => new()
    {
        TenantId = tenantId,
        ProductId = productId,
        Deleted = true,
        Version = version,
        PriceVersion = version,
        CreatedAt = deletedAt,
        UpdatedAt = deletedAt,
    };
}
