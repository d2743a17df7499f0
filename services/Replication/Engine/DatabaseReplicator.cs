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
public sealed partial class DatabaseReplicator : IAsyncDisposable
{
    private const string StartReason = "the replicator started: a shipped position does not survive a restart";
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
        var due = Later(clock.GetTimestamp(), Settings.SyncInterval);
        while (!cancellationToken.IsCancellationRequested)
        {
            var failed = false;
            try
            {
                var wait = clock.GetElapsedTime(clock.GetTimestamp(), due);
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, cancellationToken);
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
                failed = true;
            }

            due = NextDue(due, failed);
        }
    }

    /// <summary>
    /// Syncs run at a fixed rate, each due one interval after the previous one was due: the time a sync takes (or waits
    /// for a slot) is not added to the lag of every commit behind it. One that fell behind runs at once, without a burst
    /// to catch up; after a failure the next waits out the backoff. Timestamps, like the delay's timer, not wall time.
    /// </summary>
    private long NextDue(long previous, bool failed)
    {
        var now = clock.GetTimestamp();
        if (failed || counters.ConsecutiveErrors > 0)
        {
            return Later(now, NextDelay());
        }

        var next = Later(previous, Settings.SyncInterval);
        return next > now ? next : now;
    }

    private long Later(long timestamp, TimeSpan by) => timestamp + (long)(by.TotalSeconds * clock.TimestampFrequency);

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
        // A cancellation nobody asked for is the store's client timing out: a failure like any other, backed off.
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
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
}
