using Platform.ServiceDefaults.ObjectStorage;

namespace Platform.Replication.Tests.Engine;

public sealed class IdleCostTests
{
    [Fact]
    public async Task An_idle_database_costs_no_s3_request_even_past_its_snapshot_interval()
    {
        using var source = new SourceDatabase();
        var s3 = ObjectStorageConnection.Parse(TestEnvironment.ObjectStorage).Endpoint;
        await using var proxy = TcpProxy.Start(s3.Host, s3.Port);
        await using var target = await ReplicaTarget.CreateAsync("s3", proxy);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var replicator = target.Replicator(source, clock);
        source.Write(5);
        await replicator.SyncNowAsync(CancellationToken.None);
        var shipped = replicator.GetStatus().ObjectsShipped;
        proxy.ResetRoundTrips();

        for (var sync = 0; sync < 5; sync++)
        {
            clock.Now += TimeSpan.FromMinutes(40);
            await replicator.SyncNowAsync(CancellationToken.None);
        }

        Assert.Equal(0, proxy.RoundTrips);
        Assert.Equal(shipped, replicator.GetStatus().ObjectsShipped);

        source.Write(1);
        await replicator.SyncNowAsync(CancellationToken.None);
        Assert.True(proxy.RoundTrips > 0, "a write is shipped");
        Assert.True(replicator.GetStatus().ObjectsShipped > shipped);
    }
}
