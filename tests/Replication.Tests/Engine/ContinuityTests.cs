using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class ContinuityTests
{
    [Fact]
    public async Task Another_connection_cannot_truncate_the_wal_past_what_is_shipped()
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        await using var replicator = target.Replicator(source);
        await replicator.SyncNowAsync(CancellationToken.None);
        source.Write(10);

        Assert.Equal(1L, ExternalTruncate(source));

        source.Write(10);
        await replicator.SyncNowAsync(CancellationToken.None);
        Assert.Equal(1, replicator.GetStatus().GenerationsStarted);
        await AssertRestoresAsync(target, source);
    }

    [Fact]
    public async Task A_generation_begun_on_a_fully_checkpointed_wal_still_holds_it_against_the_next_writer()
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        await using var replicator = target.Replicator(source, syncInterval: TimeSpan.FromHours(1));
        source.Write(10);
        await replicator.StartAsync(CancellationToken.None);
        using (var other = source.Open())
        {
            // Nobody reads: the application's own checkpoint copies every frame, the state in which a read takes no WAL mark.
            SourceDatabase.Execute(other, "PRAGMA wal_checkpoint(PASSIVE);");
        }

        await replicator.SyncNowAsync(CancellationToken.None);
        source.Write(10);
        await replicator.SyncNowAsync(CancellationToken.None);

        Assert.Equal(1, replicator.GetStatus().GenerationsStarted);
        await AssertRestoresAsync(target, source);
    }

    [Fact]
    public async Task A_wal_truncated_by_another_connection_while_paused_starts_a_new_generation_that_restores()
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        await using var replicator = target.Replicator(source);
        source.Write(10);
        await replicator.SyncNowAsync(CancellationToken.None);
        var before = (replicator.GetStatus().Position!.Value, source.Dump());
        await Task.Delay(5);
        var beforeAt = DateTimeOffset.UtcNow;
        await Task.Delay(5);

        replicator.Pause();
        Assert.Equal(0L, ExternalTruncate(source));
        source.Write(10);
        replicator.Resume();
        await replicator.SyncNowAsync(CancellationToken.None);

        var status = replicator.GetStatus();
        Assert.Equal(2, status.GenerationsStarted);
        Assert.NotEqual(before.Item1.Generation, status.Generation);
        await AssertRestoresAsync(target, source);
        var old = source.OutputPath("old-generation.db");
        await new DatabaseRestorer(target.Store).RestoreAsync(new RestoreRequest("shop", old, Position: before.Item1), CancellationToken.None);
        Assert.Equal(before.Item2, SourceDatabase.Dump(old));
        var oldByTime = source.OutputPath("old-generation-by-time.db");
        await new DatabaseRestorer(target.Store).RestoreAsync(new RestoreRequest("shop", oldByTime, Timestamp: beforeAt), CancellationToken.None);
        Assert.Equal(before.Item2, SourceDatabase.Dump(oldByTime));
    }

    [Fact]
    public async Task A_replicator_started_again_after_its_position_is_lost_starts_a_new_generation_that_restores()
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        await using (var first = target.Replicator(source))
        {
            source.Write(10);
            await first.SyncNowAsync(CancellationToken.None);
        }

        source.Write(10);
        Assert.Equal(0L, ExternalTruncate(source));
        source.Write(5);
        await using var second = target.Replicator(source);
        await second.SyncNowAsync(CancellationToken.None);

        var generations = (await ReplicaCatalog.LoadAsync(target.Store, "shop", CancellationToken.None)).Generations.ToList();
        Assert.Equal(2, generations.Count);
        Assert.Equal(generations[^1], second.GetStatus().Generation);
        await AssertRestoresAsync(target, source);
    }

    /// <summary>Runs <c>wal_checkpoint(TRUNCATE)</c> from a connection of its own; returns its busy flag.</summary>
    private static long ExternalTruncate(SourceDatabase source)
    {
        using var connection = source.Open();
        SourceDatabase.Execute(connection, "PRAGMA busy_timeout = 0;");
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0);
    }

    private static async Task AssertRestoresAsync(ReplicaTarget target, SourceDatabase source)
    {
        var output = source.OutputPath($"restored-{Guid.NewGuid():N}.db");
        await new DatabaseRestorer(target.Store).RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None);
        Assert.Equal(source.Dump(), SourceDatabase.Dump(output));
    }
}
