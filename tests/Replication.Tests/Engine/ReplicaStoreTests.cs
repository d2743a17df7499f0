using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class ReplicaStoreTests
{
    [Theory]
    [InlineData("filesystem")]
    [InlineData("s3")]
    public async Task Objects_round_trip_byte_for_byte_and_list_in_key_order_relative_to_the_tenant(string kind)
    {
        await using var target = await ReplicaTarget.CreateAsync(kind);
        var body = new byte[100_000];
        Random.Shared.NextBytes(body);

        await target.Store.PutAsync("shop/generations/b/wal/2.wal.gz", body, CancellationToken.None);
        await target.Store.PutAsync("shop/generations/a/wal/1.wal.gz", body.AsMemory(0, 10), CancellationToken.None);
        await target.Store.PutAsync("other/generations/a/wal/1.wal.gz", body.AsMemory(0, 10), CancellationToken.None);

        Assert.Equal(body, await target.Store.GetAsync("shop/generations/b/wal/2.wal.gz", CancellationToken.None));
        var listed = await target.Store.ListAsync("shop/", CancellationToken.None);
        Assert.Equal(["shop/generations/a/wal/1.wal.gz", "shop/generations/b/wal/2.wal.gz"], listed.Select(o => o.Key));
        Assert.Equal(100_000, listed[1].Size);
        await Assert.ThrowsAsync<FileNotFoundException>(() => target.Store.GetAsync("shop/missing", CancellationToken.None));

        await target.Store.DeleteAsync(["shop/generations/a/wal/1.wal.gz", "shop/never-there"], CancellationToken.None);
        Assert.Single(await target.Store.ListAsync("shop/", CancellationToken.None));
    }

    [Theory]
    [InlineData("filesystem")]
    [InlineData("s3")]
    public async Task Files_small_and_larger_than_one_upload_part_round_trip_byte_for_byte(string kind)
    {
        await using var target = await ReplicaTarget.CreateAsync(kind);
        var large = new byte[2 * S3ReplicaStore.PartSize + 12_345];
        Random.Shared.NextBytes(large);
        var path = Path.Combine(Path.GetTempPath(), $"replica-store-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(path, large.AsMemory(0, 1000).ToArray());
            await target.Store.PutFileAsync("shop/small.snapshot.gz", path, CancellationToken.None);
            await File.WriteAllBytesAsync(path, large);
            await target.Store.PutFileAsync("shop/large.snapshot.gz", path, CancellationToken.None);

            Assert.Equal(large.AsMemory(0, 1000).ToArray(), await target.Store.GetAsync("shop/small.snapshot.gz", CancellationToken.None));
            Assert.Equal(large, await target.Store.GetAsync("shop/large.snapshot.gz", CancellationToken.None));
            Assert.Equal([1000L, large.Length], (await target.Store.ListAsync("shop/", CancellationToken.None)).OrderBy(o => o.Size).Select(o => o.Size));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_multipart_upload_stopped_midway_fails_with_its_own_error_and_leaves_no_object()
    {
        await using var target = await ReplicaTarget.CreateAsync("s3");
        var path = Path.Combine(Path.GetTempPath(), $"replica-store-{Guid.NewGuid():N}");
        try
        {
            var content = new byte[24 * S3ReplicaStore.PartSize]; // seconds of upload here
            Random.Shared.NextBytes(content);
            await File.WriteAllBytesAsync(path, content);
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

            // The abort that follows is refused by s3rver (it serves no abort), which must not hide why the upload stopped.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => target.Store.PutFileAsync("shop/large.snapshot.gz", path, stop.Token));
            Assert.Empty(await target.Store.ListAsync("shop/", CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1L, S3ReplicaStore.PartSize)]
    [InlineData(10_000 * S3ReplicaStore.PartSize, S3ReplicaStore.PartSize)]
    [InlineData(10_000 * S3ReplicaStore.PartSize + 1, S3ReplicaStore.PartSize + (1 << 20))]
    [InlineData(1L << 40, 105L << 20)] // 1 TiB: 10,000 parts of 105 MiB
    public void Parts_grow_past_their_size_only_when_a_file_needs_more_than_ten_thousand(long length, long expected)
    {
        var partSize = S3ReplicaStore.PartSizeFor(length);

        Assert.Equal(expected, partSize);
        Assert.True((length + partSize - 1) / partSize <= 10_000);
    }

    [Fact]
    public async Task A_file_copy_that_fails_leaves_no_temporary_file_behind()
    {
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        var path = Path.Combine(Path.GetTempPath(), $"replica-store-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(path, new byte[4 << 20]);
            using var stop = new CancellationTokenSource();
            await stop.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => target.Store.PutFileAsync("shop/x.snapshot.gz", path, stop.Token));
            var root = ((FileSystemTargetSettings)target.Settings).Root;
            Assert.Empty(Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : []);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("filesystem")]
    [InlineData("s3")]
    public async Task A_tenant_store_never_sees_another_tenant_objects(string kind)
    {
        await using var target = await ReplicaTarget.CreateAsync(kind);
        var neighbour = ReplicaStoreFactory.Open(target.Settings, Guid.NewGuid());
        await neighbour.PutAsync("shop/generations/a/wal/1.wal.gz", new byte[] { 1, 2, 3 }, CancellationToken.None);

        Assert.Empty(await target.Store.ListAsync("", CancellationToken.None));
        Assert.Single(await neighbour.ListAsync("", CancellationToken.None));
        (neighbour as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task Tenant_stores_sharing_one_s3_client_stay_in_their_own_prefixes_and_outlive_each_other()
    {
        await using var target = await ReplicaTarget.CreateAsync("s3");
        using var clients = new S3Clients();
        var settings = (S3TargetSettings)target.Settings;
        var (first, second) = (ReplicaStoreFactory.Open(settings, Guid.NewGuid(), clients: clients), ReplicaStoreFactory.Open(settings, Guid.NewGuid(), clients: clients));
        await first.PutAsync("shop/a", new byte[] { 1 }, CancellationToken.None);
        await second.PutAsync("shop/b", new byte[] { 2 }, CancellationToken.None);

        Assert.Same(clients.For(settings), clients.For(settings with { Prefix = "elsewhere/" }));
        ((IDisposable)first).Dispose();
        Assert.Equal(["shop/b"], (await second.ListAsync("", CancellationToken.None)).Select(o => o.Key));
        Assert.Equal(new byte[] { 2 }, await second.GetAsync("shop/b", CancellationToken.None));
    }

    [Fact]
    public async Task A_filesystem_key_leaving_the_tenant_folder_is_refused()
    {
        await using var target = await ReplicaTarget.CreateAsync("filesystem");

        await Assert.ThrowsAsync<ArgumentException>(() => target.Store.PutAsync("../escaped", new byte[] { 1 }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => target.Store.GetAsync("shop/../../x", CancellationToken.None));
    }

    [Theory]
    [InlineData("../shop")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("shop..db")]
    public void Database_names_that_could_leave_their_folder_are_refused(string name)
    {
        Assert.False(ReplicaLayout.IsValidDatabaseName(name));
        Assert.Throws<ArgumentException>(() => new DatabaseReplicationSettings(Guid.NewGuid(), name, "/tmp/x.db", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1)));
    }
}
