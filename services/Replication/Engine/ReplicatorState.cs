namespace Platform.Replication.Engine;

public enum ReplicatorState
{
    Stopped,
    Starting,
    Replicating,
    Paused,
    /// <summary>The last sync failed (S3 unreachable, I/O error); the WAL is held and syncs are retried with backoff.</summary>
    Retrying,
}
