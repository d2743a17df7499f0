using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Platform.Replication.Engine;

namespace Platform.Bench.ReplicationLoad;

/// <summary>
/// A large database replicated, then restored, against the reference of downloading the very objects the restore
/// reads, raw, with the same parallelism, from the same server in the same run.
/// </summary>
public static class RestoreRun
{
    private const int ParallelDownloads = 8;

    public static async Task RunAsync(int sizeMb, string folder, string bucket)
    {
        var target = await Target.CreateBucketAsync(bucket);
        Directory.CreateDirectory(folder);
        var tenant = Guid.NewGuid();
        var path = Path.Combine(folder, "shop.db");
        var store = ReplicaStoreFactory.Open(target, tenant);
        try
        {
            var clock = Stopwatch.StartNew();
            Fill(path, sizeMb);
            Console.WriteLine($"database of {new FileInfo(path).Length / 1024.0 / 1024:0} MiB written in {clock.Elapsed.TotalSeconds:0.0} s");

            clock.Restart();
            await using (var replicator = new DatabaseReplicator(
                new DatabaseReplicationSettings(tenant, "shop", path, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1)), store))
            {
                await replicator.SyncNowAsync(CancellationToken.None);
            }

            var objects = await store.ListAsync("shop/", CancellationToken.None);
            using var self = Process.GetCurrentProcess();
            Console.WriteLine($"replicated in {clock.Elapsed.TotalSeconds:0.0} s: {objects.Count} objects, {objects.Sum(o => o.Size) / 1024.0 / 1024:0} MiB stored; " +
                $"peak resident memory so far {self.PeakWorkingSet64 / 1024.0 / 1024:0} MiB");

            var output = Path.Combine(folder, "restored.db");
            var cpu = self.TotalProcessorTime;
            clock.Restart();
            var restored = await new DatabaseRestorer(store, ParallelDownloads).RestoreAsync(new RestoreRequest("shop", output), CancellationToken.None);
            var restore = clock.Elapsed;
            self.Refresh();
            var restoreCpu = self.TotalProcessorTime - cpu;

            cpu = self.TotalProcessorTime;
            clock.Restart();
            await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = ParallelDownloads },
                async (item, token) =>
                {
                    // Read to the end and dropped: the transfer alone, with no buffer to grow or file to write.
                    await using var body = await store.OpenReadAsync(item.Key, token);
                    await body.CopyToAsync(Stream.Null, token);
                });
            var raw = clock.Elapsed;
            self.Refresh();
            var rawCpu = self.TotalProcessorTime - cpu;

            Console.WriteLine($"restore (download, decompress, apply {restored.SegmentsApplied} segments, integrity_check, move) {restore.TotalSeconds:0.0} s; " +
                $"raw download of the same objects {raw.TotalSeconds:0.0} s; ratio {restore / raw:0.00}x (target < 1.5)");
            Console.WriteLine($"CPU of this process (the S3 server's apart): restore {restoreCpu.TotalSeconds:0.0} s, raw download {rawCpu.TotalSeconds:0.0} s");
        }
        finally
        {
            var keys = (await store.ListAsync("", CancellationToken.None)).Select(o => o.Key).ToList();
            foreach (var chunk in keys.Chunk(500))
            {
                await store.DeleteAsync(chunk, CancellationToken.None);
            }

            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Rows of 4 KiB: half random bytes, half text, so the file compresses about as much as a shop's data does.</summary>
    private static void Fill(string path, int sizeMb)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB NOT NULL);";
            setup.ExecuteNonQuery();
        }

        var text = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("caneca azul de cerâmica 350 ml; ", 64)))[..2048];
        var rows = sizeMb * 1024 / 4;
        for (var done = 0; done < rows; done += 10_000)
        {
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO blobs (body) VALUES ($body);";
            var body = insert.Parameters.Add("$body", SqliteType.Blob);
            for (var i = done; i < Math.Min(rows, done + 10_000); i++)
            {
                var bytes = new byte[4000];
                Random.Shared.NextBytes(bytes.AsSpan(0, 1952));
                text.CopyTo(bytes.AsSpan(1952));
                body.Value = bytes;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }
}
