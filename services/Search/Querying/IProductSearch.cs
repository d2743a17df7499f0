namespace Platform.Search.Querying;

/// <summary>The read side of a search engine; every call sees one tenant's live, active products only.</summary>
public interface IProductSearch
{
    Task<SearchResult> SearchAsync(Guid tenantId, ProductQuery query, CancellationToken cancellationToken);

    /// <summary>Product names for a search box as the user types: words starting with <paramref name="prefix"/> first, then near misses.</summary>
    Task<IReadOnlyList<Suggestion>> SuggestAsync(Guid tenantId, string prefix, int limit, CancellationToken cancellationToken);
}
