using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Platform.Replication.Engine;

/// <summary>
/// Replicates one SQLite database: holds a read transaction so no other connection restarts the WAL past what is
/// shipped, ships new WAL frames as compressed checksummed segments every sync interval, snapshots on an interval and
/// at each new generation, and checkpoints the WAL itself (PASSIVE only, never RESTART). Its position lives in memory:
/// after a restart it cannot prove continuity and starts a new generation.
/// </summary>
public sealed class DatabaseReplicator : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly IReplicaStore store;
    private readonly TimeProvider clock;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ReplicatorCounters counters = new();
    private ReplicatedDatabase? database;
    private CancellationTokenSource? stopping;
    private Task? loop;
    private ReplicatorState state = ReplicatorState.Stopped;
    private string? generation;
    private long index;
    private long offset;
    private WalFormat.Header? walHeader;
    private (uint S1, uint S2) checksum;
    private bool restartExpected;
    private bool newGenerationNeeded = true;
    private bool snapshotNeeded;
    private PendingSegment? pending;
    private DateTimeOffset? lastSnapshotAt;
    private (string?, long, long) lastSnapshotPosition;
    private DateTimeOffset? retentionDueAt;
    private const string StartReason = "the replicator started: a shipped position does not survive a restart";
    private string generationReason = StartReason;
    private readonly ILogger logger;

    private readonly SemaphoreSlim? syncSlots;

    /// <param name="syncSlots">Shared by the replicators of one service to cap the background syncs running at once.</param>
    public DatabaseReplicator(
        DatabaseReplicationSettings settings, IReplicaStore store, TimeProvider? clock = null, SemaphoreSlim? syncSlots = null, ILogger? logger = null)
    {
        this.syncSlots = syncSlots;
        Settings = settings;
        this.store = store;
        this.clock = clock ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
    }

    public DatabaseReplicationSettings Settings { get; }

    private string WalPath => Settings.DatabasePath + "-wal";

    /// <summary>Opens the database, starts a generation and syncs every sync interval in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (loop is not null)
            {
                return;
            }

            state = ReplicatorState.Starting;
            OpenDatabase();
            stopping = new CancellationTokenSource();
            loop = RunAsync(stopping.Token);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Ships what is left, releases the read transaction and stops the background loop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (loop is null || stopping is null)
        {
            return;
        }

        await stopping.CancelAsync();
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        loop = null;
        try
        {
            if (state != ReplicatorState.Paused)
            {
                await SyncNowAsync(cancellationToken);
            }
        }
        finally
        {
            await gate.WaitAsync(CancellationToken.None);
            CloseDatabase();
            state = ReplicatorState.Stopped;
            gate.Release();
        }
    }

    /// <summary>Stops syncing and releases the WAL; <see cref="Resume"/> continues with a new generation.</summary>
    public void Pause()
    {
        gate.Wait();
        try
        {
            database?.ReleaseWal();
            newGenerationNeeded = true;
            generationReason = "replication resumed after a pause";
            state = ReplicatorState.Paused;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Resume()
    {
        gate.Wait();
        state = loop is null ? ReplicatorState.Stopped : ReplicatorState.Replicating;
        gate.Release();
    }

    /// <summary>Ships every committed frame now (nothing while paused); throws when the store fails (the frames stay held for the next try).</summary>
    public Task SyncNowAsync(CancellationToken cancellationToken) => GuardedAsync("sync", async () =>
    {
        await SyncCoreAsync(cancellationToken);
        if (offset > WalFormat.HeaderSize && walHeader is { } header
            && (offset - WalFormat.HeaderSize) / header.FrameSize >= Settings.CheckpointPages)
        {
            await CheckpointAsync(cancellationToken);
        }

        // An idle database costs no request: no snapshot when nothing was shipped since the last one.
        if (!newGenerationNeeded && (snapshotNeeded
            || (clock.GetUtcNow() - lastSnapshotAt >= Settings.SnapshotInterval && lastSnapshotPosition != (generation, index, offset))))
        {
            await SnapshotCoreAsync(cancellationToken);
        }

        // After each snapshot, then only when something kept falls out of the window: an idle database lists nothing.
        if (!newGenerationNeeded && retentionDueAt <= clock.GetUtcNow())
        {
            await EnforceRetentionAsync(cancellationToken);
        }
    }, cancellationToken);

    /// <summary>Takes a snapshot now (at the current position of the current generation).</summary>
    public Task SnapshotNowAsync(CancellationToken cancellationToken) => GuardedAsync("snapshot", async () =>
    {
        await SyncCoreAsync(cancellationToken);
        await SnapshotCoreAsync(cancellationToken);
    }, cancellationToken);

    public ReplicationStatus GetStatus()
    {
        var position = generation is null ? (ReplicaPosition?)null : new ReplicaPosition(generation, index, offset);
        var lag = counters.UnshippedSince is { } since ? clock.GetUtcNow() - since : TimeSpan.Zero;
        return new ReplicationStatus(Settings.TenantId, Settings.DatabaseName, state, generation, position, counters.LastSyncAt,
            lag, counters.SyncErrors, counters.ConsecutiveErrors, counters.LastError, counters.BytesShipped, counters.ObjectsShipped,
            counters.SnapshotsTaken, counters.GenerationsStarted, counters.ReplicatedThrough);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            // The store is unreachable: what is not shipped stays in the WAL for the next start's generation.
        }

        CloseDatabase();
        gate.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(NextDelay(), clock, cancellationToken);
                if (state != ReplicatorState.Paused)
                {
                    await SyncInSlotAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Counted by GuardedAsync; retried after a backoff while the read transaction holds the WAL.
            }
        }
    }

    private async Task SyncInSlotAsync(CancellationToken cancellationToken)
    {
        if (syncSlots is null)
        {
            await SyncNowAsync(cancellationToken);
            return;
        }

        await syncSlots.WaitAsync(cancellationToken);
        try
        {
            await SyncNowAsync(cancellationToken);
        }
        finally
        {
            syncSlots.Release();
        }
    }

    private TimeSpan NextDelay()
    {
        var failures = Math.Min(counters.ConsecutiveErrors, 10);
        var backoff = Settings.SyncInterval * Math.Pow(2, failures);
        return failures == 0 ? Settings.SyncInterval : backoff < MaxBackoff ? backoff : MaxBackoff;
    }

    private async Task GuardedAsync(string operation, Func<Task> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (state == ReplicatorState.Paused)
            {
                return;
            }

            if (database is null)
            {
                OpenDatabase();
            }

            await work();
            counters.Succeeded(clock.GetUtcNow());
            if (state is ReplicatorState.Retrying or ReplicatorState.Starting)
            {
                state = ReplicatorState.Replicating;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            counters.Failed(exception);
            state = ReplicatorState.Retrying;
            ReplicationLog.OperationFailed(logger, exception, operation, Settings.TenantId, Settings.DatabaseName,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, counters.ConsecutiveErrors);
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task SyncCoreAsync(CancellationToken cancellationToken)
    {
        if (newGenerationNeeded || !await ShipNewFramesAsync(cancellationToken))
        {
            await StartGenerationAsync(cancellationToken);
        }
    }

    /// <summary>Ships what is staged and every frame committed since; false when continuity is lost (a new generation is due).</summary>
    private async Task<bool> ShipNewFramesAsync(CancellationToken cancellationToken)
    {
        // A commit returns once its frames are in the WAL file: whatever was committed before the scan starts is read by it.
        var scannedAt = clock.GetUtcNow();
        if (pending is not null)
        {
            await ShipPendingAsync(cancellationToken);
        }

        switch (WalScanner.Scan(WalPath, index, offset, walHeader, checksum, restartExpected))
        {
            case WalScan.ContinuityLost lost:
                newGenerationNeeded = true;
                generationReason = lost.Reason;
                return false;
            case WalScan.NewFrames frames:
                restartExpected = false;
                Stage(frames);
                await ShipPendingAsync(cancellationToken);
                break;
        }

        counters.ReplicatedThrough = scannedAt;
        return true;
    }

    private async Task StartGenerationAsync(CancellationToken cancellationToken)
    {
        database!.HoldWal();
        (generation, index, offset, walHeader, pending, restartExpected) = (ReplicaLayout.NewGeneration(clock.GetUtcNow()), 0, 0, null, null, false);
        newGenerationNeeded = false;
        snapshotNeeded = true;
        counters.GenerationsStarted++;
        ReplicationLog.GenerationStarted(logger, "generation", Settings.TenantId, Settings.DatabaseName, generation!, generationReason);
        if (WalScanner.Scan(WalPath, 0, 0, null, default, false) is WalScan.NewFrames frames)
        {
            Stage(frames);
            await ShipPendingAsync(cancellationToken);
        }

        await SnapshotCoreAsync(cancellationToken);
    }

    private void Stage(WalScan.NewFrames frames)
    {
        counters.UnshippedSince ??= clock.GetUtcNow();
        var key = ReplicaLayout.WalSegmentKey(Settings.DatabaseName, generation!, frames.Index, frames.Offset, clock.GetUtcNow());
        pending = new PendingSegment(key, SegmentCodec.Encode(frames.Bytes), frames);
    }

    private async Task ShipPendingAsync(CancellationToken cancellationToken)
    {
        var segment = pending!;
        var started = Stopwatch.GetTimestamp();
        await store.PutAsync(segment.Key, segment.Content, cancellationToken);
        ReplicationLog.SegmentShipped(logger, "wal", Settings.TenantId, Settings.DatabaseName, segment.Key, segment.Content.Length,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        (index, offset, walHeader, checksum) = (segment.Frames.Index, segment.Frames.EndOffset, segment.Frames.Header, segment.Frames.Checksum);
        pending = null;
        counters.Shipped(segment.Content.Length);
        counters.UnshippedSince = null;
    }

    /// <summary>
    /// A page-for-page copy (backup API) of a committed state no later than the current position, stored under the
    /// position reached after it: restoring it and replaying this WAL index from its start reaches any later point.
    /// </summary>
    private async Task SnapshotCoreAsync(CancellationToken cancellationToken)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"replication-snapshot-{Guid.NewGuid():N}.db");
        var started = Stopwatch.GetTimestamp();
        try
        {
            database!.BackupTo(copy);

            // Without continuity the copy may hold frames this generation never shipped: it would not match its position.
            if (!await ShipNewFramesAsync(cancellationToken))
            {
                return;
            }

            var content = SegmentCodec.Encode(await File.ReadAllBytesAsync(copy, cancellationToken));
            var key = ReplicaLayout.SnapshotKey(Settings.DatabaseName, generation!, index, offset, clock.GetUtcNow());
            await store.PutAsync(key, content, cancellationToken);
            ReplicationLog.SnapshotShipped(logger, "snapshot", Settings.TenantId, Settings.DatabaseName, key, content.Length,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            retentionDueAt = clock.GetUtcNow();
            counters.Shipped(content.Length);
            counters.SnapshotsTaken++;
            lastSnapshotAt = clock.GetUtcNow();
            snapshotNeeded = false;
            lastSnapshotPosition = (generation, index, offset);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>
    /// A PASSIVE checkpoint while holding the write lock, with everything shipped first: when it copies every frame,
    /// the next write restarts the WAL and continues the history in the next WAL index. Taking the hold again writes the
    /// sequence row, which makes that restart happen now.
    /// </summary>
    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        using (database!.LockWriters())
        {
            if (!await ShipNewFramesAsync(cancellationToken))
            {
                return;
            }

            var (log, copied) = database.CheckpointPassive();
            restartExpected = walHeader is { } header && log == copied && log == (offset - WalFormat.HeaderSize) / header.FrameSize;
        }

        database.HoldWal();
    }

    private async Task EnforceRetentionAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await new RetentionEnforcer(store, clock).EnforceAsync(Settings.DatabaseName, Settings.Retention, cancellationToken);
        retentionDueAt = result.NextDeletionAt;
        ReplicationLog.RetentionEnforced(logger, "retention", Settings.TenantId, Settings.DatabaseName, result.Deleted, Settings.Retention,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, result.NextDeletionAt);
    }

    private void OpenDatabase()
    {
        database = new ReplicatedDatabase(Settings.DatabasePath, Settings.TruncatePages * 4096L);
        newGenerationNeeded = true;
        generationReason = StartReason;
    }

    private void CloseDatabase()
    {
        database?.Dispose();
        database = null;
    }

    private sealed record PendingSegment(string Key, byte[] Content, WalScan.NewFrames Frames);
}
