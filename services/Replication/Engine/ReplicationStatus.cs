namespace Platform.Replication.Engine;

/// <summary>A snapshot of one replicator's state, for the control API, health and metrics.</summary>
/// <param name="Position">The last position shipped to the store; <see langword="null"/> before the first sync.</param>
/// <param name="Lag">Time since the oldest WAL change not yet shipped; zero when everything is shipped.</param>
/// <param name="ReplicatedThrough">Every commit made before this instant is in the replica (the start of the last complete sync).</param>
public sealed record ReplicationStatus(
    Guid TenantId,
    string DatabaseName,
    ReplicatorState State,
    string? Generation,
    ReplicaPosition? Position,
    DateTimeOffset? LastSyncAt,
    TimeSpan Lag,
    long SyncErrors,
    long ConsecutiveErrors,
    string? LastError,
    long BytesShipped,
    long ObjectsShipped,
    long SnapshotsTaken,
    long GenerationsStarted,
    DateTimeOffset? ReplicatedThrough);
