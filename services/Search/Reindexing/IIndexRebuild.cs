using Platform.Search.Indexing;

namespace Platform.Search.Reindexing;

/// <summary>
/// Rebuilding one tenant's index beside the live one: products are staged under a build id, then switched in at once.
/// The switch keeps whatever is newer per product (events that arrived during the build win over older pages), and
/// retires products Catalog no longer lists unless an event touched them after the build began.
/// </summary>
public interface IIndexRebuild
{
    Task StageAsync(Guid buildId, IReadOnlyList<IndexedProduct> products, CancellationToken cancellationToken);

    /// <summary>Switches the staged build in, atomically; returns the number of products retired.</summary>
    Task<int> SwitchAsync(Guid tenantId, Guid buildId, DateTimeOffset startedAt, CancellationToken cancellationToken);

    Task AbandonAsync(Guid buildId, CancellationToken cancellationToken);
}
