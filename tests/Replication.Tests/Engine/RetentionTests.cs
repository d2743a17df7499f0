using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class RetentionTests
{
    [Theory]
    [InlineData("filesystem")]
    [InlineData("s3")]
    public async Task Retention_deletes_what_is_older_than_the_window_and_keeps_every_point_inside_it_restorable(string kind)
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync(kind);
        var start = DateTimeOffset.UtcNow;
        var clock = new ManualClock(start);
        await using var replicator = target.Replicator(source, clock, checkpointPages: 10);
        var points = new List<(DateTimeOffset At, List<string> Rows)>();
        for (var round = 0; round < 8; round++)
        {
            if (round == 4)
            {
                replicator.Pause();
                replicator.Resume();
            }

            source.Write(6);
            await replicator.SyncNowAsync(CancellationToken.None);
            points.Add((clock.Now, source.Dump()));
            clock.Now += TimeSpan.FromMinutes(30);
        }

        var before = await target.Store.ListAsync("shop/", CancellationToken.None);
        var enforcer = new RetentionEnforcer(target.Store, clock);

        // The window starts at 2h40 (a moment between rounds 5 and 6), after the second generation began at 2h.
        var deleted = (await enforcer.EnforceAsync("shop", TimeSpan.FromMinutes(80), CancellationToken.None)).Deleted;

        var after = await target.Store.ListAsync("shop/", CancellationToken.None);
        Assert.True(deleted > 0);
        Assert.Equal(before.Count - deleted, after.Count);
        var catalog = await ReplicaCatalog.LoadAsync(target.Store, "shop", CancellationToken.None);
        Assert.Single(catalog.Generations);
        var windowStart = clock.Now - TimeSpan.FromMinutes(80);
        var restorer = new DatabaseRestorer(target.Store);
        var inside = points.Where(point => point.At >= windowStart).Prepend((windowStart, points.Last(point => point.At <= windowStart).Rows));
        foreach (var (at, rows) in inside)
        {
            var output = source.OutputPath($"at-{at.ToUnixTimeMilliseconds()}.db");
            await restorer.RestoreAsync(new RestoreRequest("shop", output, Timestamp: at), CancellationToken.None);
            Assert.Equal(rows, SourceDatabase.Dump(output));
        }

        Assert.Equal(0, (await enforcer.EnforceAsync("shop", TimeSpan.FromMinutes(80), CancellationToken.None)).Deleted);
    }

    [Fact]
    public async Task The_replicator_enforces_retention_itself_and_an_idle_database_lists_nothing_until_something_falls_out()
    {
        using var source = new SourceDatabase();
        var s3 = Platform.ServiceDefaults.ObjectStorage.ObjectStorageConnection.Parse(TestEnvironment.ObjectStorage).Endpoint;
        await using var proxy = TcpProxy.Start(s3.Host, s3.Port);
        await using var target = await ReplicaTarget.CreateAsync("s3", proxy);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var replicator = target.Replicator(source, clock, retention: TimeSpan.FromMinutes(80));
        source.Write(5);
        await replicator.SyncNowAsync(CancellationToken.None);
        replicator.Pause();
        replicator.Resume();
        clock.Now += TimeSpan.FromMinutes(10);
        source.Write(5);
        await replicator.SyncNowAsync(CancellationToken.None);
        Assert.Equal(2, (await ReplicaCatalog.LoadAsync(target.Store, "shop", CancellationToken.None)).Generations.Count());

        proxy.ResetRoundTrips();
        for (var sync = 0; sync < 7; sync++)
        {
            clock.Now += TimeSpan.FromMinutes(10);
            await replicator.SyncNowAsync(CancellationToken.None);
        }

        Assert.Equal(0, proxy.RoundTrips);

        clock.Now += TimeSpan.FromMinutes(15); // the second generation began 85 minutes ago: the first one goes
        await replicator.SyncNowAsync(CancellationToken.None);
        Assert.Single((await ReplicaCatalog.LoadAsync(target.Store, "shop", CancellationToken.None)).Generations);

        proxy.ResetRoundTrips();
        for (var sync = 0; sync < 3; sync++)
        {
            clock.Now += TimeSpan.FromHours(5);
            await replicator.SyncNowAsync(CancellationToken.None);
        }

        Assert.Equal(0, proxy.RoundTrips);
        var output = source.OutputPath("after-retention.db");
        await new DatabaseRestorer(target.DirectStore()).RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None);
        Assert.Equal(source.Dump(), SourceDatabase.Dump(output));
    }
}
