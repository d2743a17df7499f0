namespace Platform.Replication.Engine;

/// <summary>
/// Deletes generations, snapshots and WAL segments older than the retention window while keeping everything needed
/// to restore any point inside it (the newest snapshot at or before the window's start and everything after it).
/// </summary>
public sealed class RetentionEnforcer(IReplicaStore store, TimeProvider? clock = null)
{
    /// <summary>Returns the number of objects deleted.</summary>
    public Task<int> EnforceAsync(string databaseName, TimeSpan retention, CancellationToken cancellationToken) =>
        throw new NotImplementedException($"{store}{clock}");
}
