namespace Platform.Replication.Engine;

/// <summary>The running figures of one replicator, reported by <see cref="DatabaseReplicator.GetStatus"/>.</summary>
internal sealed class ReplicatorCounters
{
    public DateTimeOffset? LastSyncAt { get; private set; }

    public DateTimeOffset? UnshippedSince { get; set; }

    public DateTimeOffset? ReplicatedThrough { get; set; }

    public long SyncErrors { get; private set; }

    public long ConsecutiveErrors { get; private set; }

    public string? LastError { get; private set; }

    public long BytesShipped { get; private set; }

    public long ObjectsShipped { get; private set; }

    public long SnapshotsTaken { get; set; }

    public long GenerationsStarted { get; set; }

    public void Succeeded(DateTimeOffset at)
    {
        LastSyncAt = at;
        ConsecutiveErrors = 0;
    }

    public void Failed(Exception exception)
    {
        SyncErrors++;
        ConsecutiveErrors++;
        LastError = exception.Message;
    }

    public void Shipped(long bytes)
    {
        BytesShipped += bytes;
        ObjectsShipped++;
    }
}
