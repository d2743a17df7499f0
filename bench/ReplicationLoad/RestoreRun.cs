using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Platform.Replication.Engine;

namespace Platform.Bench.ReplicationLoad;

/// <summary>
/// A large database replicated, then restored, against the reference of downloading the very objects the restore
/// reads, raw, with the same parallelism, from the same server in the same run, into files as a restore lands on disk
/// (the target's reference); the bare transfer, kept nowhere, is printed beside it.
/// </summary>
public static class RestoreRun
{
    private const int ParallelDownloads = 8;
    private const int Rounds = 4;

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

            // Round 1 is the first restore of the process, paying the JIT for the restore and the SDK's download path
            // (as the service's first restore, or the command-line verb, does); later rounds are a warm service's restores.
            // Each round's references are measured right after its restore, as warm.
            var output = Path.Combine(folder, "restored.db");
            var raw = Path.Combine(folder, "raw");
            var ratios = new List<double>();
            for (var round = 1; round <= Rounds; round++)
            {
                Directory.CreateDirectory(raw);
                RestoreResult? restored = null;
                var (restore, restoreCpu) = await TimeAsync(self, async () =>
                    restored = await new DatabaseRestorer(store, ParallelDownloads).RestoreAsync(new RestoreRequest("shop", output, Overwrite: true), CancellationToken.None));
                var (toFiles, toFilesCpu) = await TimeAsync(self, () => DownloadAsync(store, objects, item => new FileStream(
                    Path.Combine(raw, item.Key.Replace('/', '_')), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true)));
                var (transfer, transferCpu) = await TimeAsync(self, () => DownloadAsync(store, objects, _ => Stream.Null));
                File.Delete(output);
                Directory.Delete(raw, recursive: true);

                ratios.Add(restore / toFiles);
                Console.WriteLine($"round {round}{(round == 1 ? " (cold)" : "")}: restore (download, decompress, apply {restored!.SegmentsApplied} segments, " +
                    $"integrity_check, move) {restore.TotalSeconds:0.00} s, CPU {restoreCpu.TotalSeconds:0.0} s; " +
                    $"raw download into files {toFiles.TotalSeconds:0.00} s, CPU {toFilesCpu.TotalSeconds:0.0} s: ratio {restore / toFiles:0.00}x; " +
                    $"transfer alone {transfer.TotalSeconds:0.00} s, CPU {transferCpu.TotalSeconds:0.0} s: ratio {restore / transfer:0.00}x " +
                    "(CPU of this process only, the S3 server's apart)");
            }

            var warm = ratios.Skip(1).Order().ToList();
            Console.WriteLine($"restore vs raw download into files: cold {ratios[0]:0.00}x, warm median {warm[warm.Count / 2]:0.00}x " +
                $"(of {warm.Count}: {string.Join(", ", warm.Select(r => r.ToString("0.00")))}) (target < 1.5)");
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

    /// <summary>The same objects the restore reads, with the same parallelism, each copied to its own destination.</summary>
    private static Task DownloadAsync(IReplicaStore store, IReadOnlyList<ReplicaObject> objects, Func<ReplicaObject, Stream> destination) =>
        Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = ParallelDownloads }, async (item, token) =>
        {
            await using var body = await store.OpenReadAsync(item.Key, token);
            await using var target = destination(item);
            await body.CopyToAsync(target, token);
        });

    private static async Task<(TimeSpan Elapsed, TimeSpan Cpu)> TimeAsync(Process self, Func<Task> work)
    {
        // Gigabytes of dirty pages (the fill, the replication, the previous measurement) are written back first: the
        // kernel's flusher would otherwise take CPU and disk from whichever measurement happens to run beside it.
        using (var sync = Process.Start("sync"))
        {
            await sync.WaitForExitAsync();
        }

        self.Refresh();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await work();
        var elapsed = clock.Elapsed;
        self.Refresh();
        return (elapsed, self.TotalProcessorTime - cpu);
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
