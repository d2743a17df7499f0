namespace Platform.Search.Indexing;

/// <summary>
/// The write side of a search engine holding every tenant's products; each call is scoped to one tenant. Every write
/// is safe to repeat and to receive out of order: a product keeps its newest version (a deletion included, so a late
/// older event never revives it), a category its newest version, a stock level its latest time, and units sold are
/// counted once per event id. Each method returns false when it changed nothing for that reason.
/// </summary>
public interface IProductIndex
{
    Task<bool> UpsertAsync(IndexedProduct product, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(Guid tenantId, Guid productId, long version, DateTimeOffset deletedAt, CancellationToken cancellationToken);

    Task<bool> ChangePriceAsync(Guid tenantId, Guid productId, long priceCents, string currency, long version, CancellationToken cancellationToken);

    Task<bool> SetStockAsync(Guid tenantId, Guid productId, int available, DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>A category's name (or its deletion, <paramref name="name"/> null); products show their category's newest name.</summary>
    Task<bool> SetCategoryAsync(Guid tenantId, Guid categoryId, string? name, long version, CancellationToken cancellationToken);

    /// <summary>Adds the units an order sold to its products' popularity, once for <paramref name="eventId"/>.</summary>
    Task<bool> AddSalesAsync(Guid eventId, Guid tenantId, IReadOnlyList<(Guid ProductId, int Units)> lines, CancellationToken cancellationToken);
}
