using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class PointInTimeRestoreTests
{
    [Theory]
    [InlineData("filesystem")]
    [InlineData("s3")]
    public async Task Restore_to_a_position_or_a_timestamp_returns_exactly_the_state_shipped_then(string kind)
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync(kind);
        await using var replicator = target.Replicator(source, checkpointPages: 15);
        var points = new List<(ReplicaPosition Position, DateTimeOffset At, List<string> Rows)>();
        for (var round = 0; round < 4; round++)
        {
            source.Write(8);
            await replicator.SyncNowAsync(CancellationToken.None);
            await Task.Delay(5);
            points.Add((replicator.GetStatus().Position!.Value, DateTimeOffset.UtcNow, source.Dump()));
            await Task.Delay(5);
        }

        Assert.True(points[^1].Position.Index > points[0].Position.Index, "the points span several WAL indexes");
        var restorer = new DatabaseRestorer(target.Store);
        for (var i = 0; i < points.Count; i++)
        {
            var byPosition = source.OutputPath($"position-{i}.db");
            var byTime = source.OutputPath($"time-{i}.db");
            await restorer.RestoreAsync(new RestoreRequest("shop", byPosition, Position: points[i].Position), CancellationToken.None);
            await restorer.RestoreAsync(new RestoreRequest("shop", byTime, Timestamp: points[i].At), CancellationToken.None);

            Assert.Equal(points[i].Rows, SourceDatabase.Dump(byPosition));
            Assert.Equal(points[i].Rows, SourceDatabase.Dump(byTime));
        }

        Assert.NotEqual(points[0].Rows, points[^1].Rows);
    }

    [Fact]
    public async Task Restore_to_a_time_before_the_first_replica_fails()
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        await using var replicator = target.Replicator(source);
        source.Write(3);
        await replicator.SyncNowAsync(CancellationToken.None);

        await Assert.ThrowsAsync<RestoreException>(() => new DatabaseRestorer(target.Store)
            .RestoreAsync(new RestoreRequest("shop", source.OutputPath("early.db"), Timestamp: before), CancellationToken.None));
    }
}
