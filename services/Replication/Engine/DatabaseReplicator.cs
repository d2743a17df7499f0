namespace Platform.Replication.Engine;

/// <summary>
/// Replicates one SQLite database: holds a read transaction so no other connection restarts the WAL past what is
/// shipped, ships new WAL frames as compressed checksummed segments every sync interval, snapshots on an interval and
/// at each new generation, and checkpoints the WAL itself (PASSIVE, TRUNCATE when safe, never RESTART).
/// </summary>
public sealed class DatabaseReplicator : IAsyncDisposable
{
    private readonly IReplicaStore store;
    private readonly TimeProvider clock;

    public DatabaseReplicator(DatabaseReplicationSettings settings, IReplicaStore store, TimeProvider? clock = null)
    {
        Settings = settings;
        this.store = store;
        this.clock = clock ?? TimeProvider.System;
    }

    public DatabaseReplicationSettings Settings { get; }

    /// <summary>Opens the database, starts or continues a generation and syncs every sync interval in the background.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Ships what is left, releases the read transaction and stops the background loop.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Stops syncing and releases the WAL; <see cref="Resume"/> continues (a new generation if continuity is lost).</summary>
    public void Pause() => throw new NotImplementedException();

    public void Resume() => throw new NotImplementedException();

    /// <summary>Ships every committed frame now; throws when the store fails (the frames stay held for the next try).</summary>
    public Task SyncNowAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Takes a snapshot now (at the current position of the current generation).</summary>
    public Task SnapshotNowAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public ReplicationStatus GetStatus() => throw new NotImplementedException($"{store}{clock}");

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
