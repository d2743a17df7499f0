using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class StoreOutageTests
{
    [Fact]
    public async Task While_s3_is_cut_the_wal_is_held_and_replication_resumes_without_a_gap()
    {
        using var source = new SourceDatabase();
        var s3 = Platform.ServiceDefaults.ObjectStorage.ObjectStorageConnection.Parse(TestEnvironment.ObjectStorage).Endpoint;
        await using var proxy = TcpProxy.Start(s3.Host, s3.Port);
        await using var target = await ReplicaTarget.CreateAsync("s3", proxy);
        await using var replicator = target.Replicator(source);
        source.Write(10);
        await replicator.SyncNowAsync(CancellationToken.None);

        proxy.Cut();
        source.Write(20);
        await Assert.ThrowsAnyAsync<Exception>(() => replicator.SyncNowAsync(CancellationToken.None));
        using (var other = source.Open())
        {
            SourceDatabase.Execute(other, "PRAGMA busy_timeout = 0; PRAGMA wal_checkpoint(TRUNCATE);");
        }

        source.Write(10);
        var failing = replicator.GetStatus();
        Assert.Equal(ReplicatorState.Retrying, failing.State);
        Assert.True(failing.SyncErrors >= 1 && failing.LastError is not null);

        proxy.Restore();
        await replicator.SyncNowAsync(CancellationToken.None);

        var status = replicator.GetStatus();
        Assert.Equal(1, status.GenerationsStarted);
        Assert.Equal(0, status.ConsecutiveErrors);
        var output = source.OutputPath("after-outage.db");
        await new DatabaseRestorer(target.DirectStore()).RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None);
        Assert.Equal(source.Dump(), SourceDatabase.Dump(output));
    }
}
