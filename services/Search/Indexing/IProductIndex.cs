using Platform.Search.Querying;

namespace Platform.Search.Indexing;

/// <summary>A search engine holding every tenant's products; each call is scoped to one tenant.</summary>
public interface IProductIndex
{
    /// <summary>Stores the product unless the index already holds the same or a newer version.</summary>
    Task<bool> UpsertAsync(IndexedProduct product, CancellationToken cancellationToken);

    Task<IReadOnlyList<ProductHit>> SearchAsync(Guid tenantId, ProductQuery query, CancellationToken cancellationToken);
}
