namespace Platform.Replication.Engine;

/// <summary>How one tenant database is replicated.</summary>
/// <param name="TenantId">The tenant owning the database; its replica prefix is <c>databases/{tenant}/</c>.</param>
/// <param name="DatabaseName">The database's name inside the tenant (file name without <c>.db</c>); a path segment of the layout.</param>
/// <param name="DatabasePath">Full path of the SQLite file.</param>
/// <param name="SyncInterval">How often new WAL frames are shipped (default 1 s).</param>
/// <param name="SnapshotInterval">How often a full snapshot is taken besides the one starting each generation.</param>
/// <param name="Retention">How far back any point stays restorable.</param>
public sealed record DatabaseReplicationSettings(
    Guid TenantId,
    string DatabaseName,
    string DatabasePath,
    TimeSpan SyncInterval,
    TimeSpan SnapshotInterval,
    TimeSpan Retention)
{
    public string DatabaseName { get; } = ReplicaLayout.IsValidDatabaseName(DatabaseName)
        ? DatabaseName
        : throw new ArgumentException($"'{DatabaseName}' is not a valid database name.", nameof(DatabaseName));

    public static readonly TimeSpan DefaultSyncInterval = TimeSpan.FromSeconds(1);

    /// <summary>WAL size in pages after which the engine checkpoints (PASSIVE) once the frames are shipped.</summary>
    public int CheckpointPages { get; init; } = 1000;

    /// <summary>When the engine restarts the WAL after its checkpoint, the file shrinks back to this many 4 KiB pages (<c>journal_size_limit</c>).</summary>
    public int TruncatePages { get; init; } = 10_000;
}
