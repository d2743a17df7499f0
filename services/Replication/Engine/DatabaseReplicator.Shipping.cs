using System.Diagnostics;

namespace Platform.Replication.Engine;

/// <summary>The replicator's shipping: WAL frames, generations, snapshots, its own checkpoints and retention.</summary>
public sealed partial class DatabaseReplicator
{
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
        var encoded = copy + ".rpl";
        var started = Stopwatch.GetTimestamp();
        try
        {
            database!.BackupTo(copy);

            // Without continuity the copy may hold frames this generation never shipped: it would not match its position.
            if (!await ShipNewFramesAsync(cancellationToken))
            {
                return;
            }

            // Through files, never whole in memory: a snapshot is as large as the database.
            long length;
            await using (var output = new FileStream(encoded, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                length = await SegmentCodec.EncodeFileAsync(copy, output, cancellationToken);
            }

            File.Delete(copy);
            var key = ReplicaLayout.SnapshotKey(Settings.DatabaseName, generation!, index, offset, clock.GetUtcNow());
            await store.PutFileAsync(key, encoded, cancellationToken);
            ReplicationLog.SnapshotShipped(logger, "snapshot", Settings.TenantId, Settings.DatabaseName, key, length,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            retentionDueAt = clock.GetUtcNow();
            counters.Shipped(length);
            counters.SnapshotsTaken++;
            lastSnapshotAt = clock.GetUtcNow();
            snapshotNeeded = false;
            lastSnapshotPosition = (generation, index, offset);
        }
        finally
        {
            File.Delete(copy);
            File.Delete(encoded);
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
