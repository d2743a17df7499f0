using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class StoreOutageTests
{
    [Fact]
    public async Task While_s3_is_cut_the_wal_is_held_and_replication_resumes_without_a_gap()
    {
        using var source = new SourceDatabase();
        await using var proxy = StartProxyToS3();
        await using var target = await ReplicaTarget.CreateAsync("s3", proxy);
        await using var replicator = target.Replicator(source);
        source.Write(10);
        await replicator.SyncNowAsync(CancellationToken.None);

        proxy.Cut();
        source.Write(20);
        var committedDuringOutage = DateTimeOffset.UtcNow;
        await Assert.ThrowsAnyAsync<Exception>(() => replicator.SyncNowAsync(CancellationToken.None));
        using (var other = source.Open())
        {
            SourceDatabase.Execute(other, "PRAGMA busy_timeout = 0; PRAGMA wal_checkpoint(TRUNCATE);");
        }

        source.Write(10);
        var failing = replicator.GetStatus();
        Assert.Equal(ReplicatorState.Retrying, failing.State);
        Assert.True(failing.SyncErrors >= 1 && failing.LastError is not null);
        Assert.True(failing.Lag > TimeSpan.Zero, "unshipped frames show as lag");
        Assert.True(failing.ReplicatedThrough < committedDuringOutage, "what is not shipped is not reported replicated");

        proxy.Restore();
        await replicator.SyncNowAsync(CancellationToken.None);

        var status = replicator.GetStatus();
        Assert.Equal(1, status.GenerationsStarted);
        Assert.Equal(0, status.ConsecutiveErrors);
        Assert.Equal(TimeSpan.Zero, status.Lag);
        Assert.True(status.ReplicatedThrough > committedDuringOutage);
        var output = source.OutputPath("after-outage.db");
        await new DatabaseRestorer(target.DirectStore()).RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None);
        Assert.Equal(source.Dump(), SourceDatabase.Dump(output));
    }

    [Fact]
    public async Task A_store_too_slow_to_answer_in_time_counts_as_a_failure_and_is_backed_off()
    {
        using var source = new SourceDatabase();
        await using var proxy = StartProxyToS3();
        await using var target = await ReplicaTarget.CreateAsync("s3", proxy);
        await using var replicator = target.Replicator(source);
        source.Write(10);
        await replicator.SyncNowAsync(CancellationToken.None);

        proxy.Latency = TimeSpan.FromSeconds(4); // past the target's 3 s operation timeout
        source.Write(5);
        await Assert.ThrowsAnyAsync<Exception>(() => replicator.SyncNowAsync(CancellationToken.None)); // a TimeoutException from this SDK

        var status = replicator.GetStatus();
        Assert.Equal(ReplicatorState.Retrying, status.State);
        Assert.Equal(1, status.ConsecutiveErrors);
        Assert.NotNull(status.LastError);
    }

    [Fact]
    public async Task A_generation_whose_first_snapshot_failed_takes_it_when_s3_returns()
    {
        using var source = new SourceDatabase();
        await using var proxy = StartProxyToS3();
        await using var target = await ReplicaTarget.CreateAsync("s3", proxy);
        await using var replicator = target.Replicator(source);
        source.Write(10);

        proxy.Cut();
        await Assert.ThrowsAnyAsync<Exception>(() => replicator.SyncNowAsync(CancellationToken.None));
        proxy.Restore();
        await replicator.SyncNowAsync(CancellationToken.None);

        var status = replicator.GetStatus();
        Assert.Equal(1, status.SnapshotsTaken);
        Assert.Equal(1, status.GenerationsStarted);
        var output = source.OutputPath("first-snapshot.db");
        await new DatabaseRestorer(target.DirectStore()).RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None);
        Assert.Equal(source.Dump(), SourceDatabase.Dump(output));
    }

    [Fact]
    public async Task A_paused_replicator_ships_nothing_and_resumes_in_a_new_generation()
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        await using var replicator = target.Replicator(source);
        source.Write(5);
        await replicator.SyncNowAsync(CancellationToken.None);
        var shipped = replicator.GetStatus().ObjectsShipped;

        replicator.Pause();
        source.Write(5);
        await replicator.SyncNowAsync(CancellationToken.None);
        Assert.Equal(ReplicatorState.Paused, replicator.GetStatus().State);
        Assert.Equal(shipped, replicator.GetStatus().ObjectsShipped);

        replicator.Resume();
        await replicator.SyncNowAsync(CancellationToken.None);
        Assert.Equal(2, replicator.GetStatus().GenerationsStarted);
        var output = source.OutputPath("resumed.db");
        await new DatabaseRestorer(target.Store).RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None);
        Assert.Equal(source.Dump(), SourceDatabase.Dump(output));
    }

    private static TcpProxy StartProxyToS3()
    {
        var s3 = Platform.ServiceDefaults.ObjectStorage.ObjectStorageConnection.Parse(TestEnvironment.ObjectStorage).Endpoint;
        return TcpProxy.Start(s3.Host, s3.Port);
    }
}
