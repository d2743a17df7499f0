using System.Buffers.Binary;
using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class ReplicateAndRestoreTests
{
    [Theory]
    [InlineData("filesystem")]
    [InlineData("s3")]
    public async Task A_database_written_continuously_while_replicating_restores_with_every_row_identical(string kind)
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync(kind);
        await using var replicator = target.Replicator(source, checkpointPages: 40);
        await replicator.StartAsync(CancellationToken.None);

        await Task.Run(() => source.Write(300, TimeSpan.FromMilliseconds(3)));
        await replicator.StopAsync(CancellationToken.None);

        var status = replicator.GetStatus();
        Assert.Equal(ReplicatorState.Stopped, status.State);
        Assert.Equal(1, status.GenerationsStarted);
        Assert.Equal(0, status.SyncErrors);
        var output = source.OutputPath("restored.db");
        var result = await new DatabaseRestorer(target.Store).RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None);

        Assert.Equal(status.Position, result.Position);
        Assert.Equal(source.Dump(), SourceDatabase.Dump(output));
        Assert.NotEmpty(SourceDatabase.Dump(output));
    }

    [Fact]
    public async Task Restore_refuses_an_existing_output_unless_told_to_overwrite_it()
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        await using var replicator = target.Replicator(source);
        source.Write(5);
        await replicator.SyncNowAsync(CancellationToken.None);
        var output = source.OutputPath("existing.db");
        await File.WriteAllTextAsync(output, "keep me");
        var restorer = new DatabaseRestorer(target.Store);

        await Assert.ThrowsAsync<RestoreException>(() => restorer.RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None));
        Assert.Equal("keep me", await File.ReadAllTextAsync(output));

        await restorer.RestoreAsync(new RestoreRequest("shop", output, Overwrite: true), CancellationToken.None);
        Assert.Equal(source.Dump(), SourceDatabase.Dump(output));
    }

    [Fact]
    public async Task Restore_of_a_database_never_replicated_fails_and_writes_nothing()
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        var output = source.OutputPath("nothing.db");

        await Assert.ThrowsAsync<RestoreException>(() =>
            new DatabaseRestorer(target.Store).RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_damaged_segment_fails_the_restore_instead_of_restoring_wrong_data()
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        await using var replicator = target.Replicator(source);
        await replicator.SyncNowAsync(CancellationToken.None);
        source.Write(10);
        await replicator.SyncNowAsync(CancellationToken.None);
        var segments = (await target.Store.ListAsync("shop/", CancellationToken.None)).Where(o => o.Key.EndsWith(".wal.gz", StringComparison.Ordinal)).ToList();
        var last = segments[^1].Key;
        var bytes = await target.Store.GetAsync(last, CancellationToken.None);
        bytes[bytes.Length / 2] ^= 0xff;
        await target.Store.PutAsync(last, bytes, CancellationToken.None);
        var output = source.OutputPath("damaged.db");

        await Assert.ThrowsAsync<RestoreException>(() =>
            new DatabaseRestorer(target.Store).RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_replica_that_decodes_cleanly_but_holds_a_broken_database_fails_the_integrity_check_and_writes_nothing()
    {
        using var source = new SourceDatabase();
        source.Write(20);
        using (var connection = source.Open())
        {
            SourceDatabase.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);"); // every row in the snapshot, none in a segment
        }

        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        await using var replicator = target.Replicator(source);
        await replicator.SyncNowAsync(CancellationToken.None);
        var snapshot = (await target.Store.ListAsync("shop/", CancellationToken.None)).Single(o => o.Key.EndsWith(".snapshot.gz", StringComparison.Ordinal)).Key;
        var content = SegmentCodec.Decode(await target.Store.GetAsync(snapshot, CancellationToken.None), snapshot);
        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(content.AsSpan(16));
        content[pageSize] = 0x00; // page 2, the items table's root, no longer has a b-tree page type
        await target.Store.PutAsync(snapshot, SegmentCodec.Encode(content), CancellationToken.None);
        var output = source.OutputPath("broken.db");

        var refused = await Assert.ThrowsAsync<RestoreException>(() =>
            new DatabaseRestorer(target.Store).RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None));
        Assert.Contains("integrity check", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(source.Folder, "*.restoring"));
    }
}
