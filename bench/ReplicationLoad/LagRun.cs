using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Platform.Replication.Engine;

namespace Platform.Bench.ReplicationLoad;

/// <summary>
/// Many tenant databases replicated by one process, some of them written continuously: the lag from each commit to
/// the moment the replicator reports everything before it shipped, then the cost of the same databases sitting idle.
/// </summary>
public static class LagRun
{
    private static readonly TimeSpan CommitEvery = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(int databases, int written, TimeSpan writing, TimeSpan idle, string folder, string bucket)
    {
        var target = await Target.CreateBucketAsync(bucket);
        Directory.CreateDirectory(folder);
        var counter = new RequestCounter();
        using var clients = new S3Clients(); // as the service shares them
        var tenants = Enumerable.Range(0, databases).Select(_ => Guid.NewGuid()).ToArray();
        var replicators = tenants.Select(tenant => new DatabaseReplicator(
            new DatabaseReplicationSettings(tenant, tenant.ToString("D"), Create(Path.Combine(folder, $"{tenant:D}.db")),
                DatabaseReplicationSettings.DefaultSyncInterval, TimeSpan.FromHours(1), TimeSpan.FromDays(1)),
            new CountingStore(ReplicaStoreFactory.Open(target, tenant, clients: clients), counter))).ToArray();
        try
        {
            await StartStaggeredAsync(replicators);
            var lags = await WriteAsync(replicators.Take(written).ToArray(), writing);
            lags.Sort();
            Console.WriteLine($"replication lag, commit to shipped ({lags.Count} commits, {written} databases x {1 / CommitEvery.TotalSeconds:0} commits/s, sync interval 1 s, after a {WarmUp.TotalSeconds:0} s warm-up):");
            Console.WriteLine($"  p50 {Target.Percentile(lags, 50):0} ms  p99 {Target.Percentile(lags, 99):0} ms  max {lags.LastOrDefault():0} ms  (target p99 < 1500 ms)");

            await Task.Delay(TimeSpan.FromSeconds(3)); // the written databases' last frames ship; then nothing is due
            await MeasureIdleAsync(databases, idle, counter);
        }
        finally
        {
            await Task.WhenAll(replicators.Select(replicator => replicator.DisposeAsync().AsTask()));
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Create(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE orders (id INTEGER PRIMARY KEY, placed_at TEXT NOT NULL, body TEXT NOT NULL);
            INSERT INTO orders (placed_at, body) VALUES (datetime('now'), 'first');
            """;
        command.ExecuteNonQuery();
        return path;
    }

    /// <summary>First syncs spread over five seconds, as the service staggers them, then waits for every first snapshot.</summary>
    private static async Task StartStaggeredAsync(DatabaseReplicator[] replicators)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(replicators.Select(async replicator =>
        {
            await Task.Delay(Random.Shared.Next(0, 5000));
            await replicator.StartAsync(CancellationToken.None);
        }));
        while (replicators.Any(replicator => replicator.GetStatus().SnapshotsTaken == 0))
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("Not every database had its first snapshot after 5 minutes.");
            }

            await Task.Delay(200);
        }

        Console.WriteLine($"{replicators.Length} databases replicating, every first snapshot shipped, after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>Each written database commits every 100 ms; a monitor matches commits to the replicators' ReplicatedThrough.</summary>
    private static async Task<List<double>> WriteAsync(DatabaseReplicator[] written, TimeSpan writing)
    {
        var pending = written.Select(_ => new ConcurrentQueue<DateTimeOffset>()).ToArray();
        var lags = new List<double>();
        // The first seconds of writing are a warm-up, shipped but not measured: a hundred databases' first segments at
        // once run the shipping code for the first time (tiered JIT) and open the S3 connections, about 1.5 s of tail.
        var measuredFrom = DateTimeOffset.UtcNow + WarmUp;
        using var stop = new CancellationTokenSource(writing);
        // The writers stand for the shops' own processes: each on a thread of its own, so their blocking commits never
        // starve the replicators' thread pool, as they could not in production.
        var writers = written.Select((replicator, i) => Task.Factory.StartNew(() =>
        {
            using var connection = new SqliteConnection($"Data Source={replicator.Settings.DatabasePath};Pooling=False");
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO orders (placed_at, body) VALUES (datetime('now'), $body);";
            insert.Parameters.AddWithValue("$body", new string('x', 200));
            Thread.Sleep(Random.Shared.Next(0, 100));
            while (!stop.IsCancellationRequested)
            {
                insert.ExecuteNonQuery();
                pending[i].Enqueue(DateTimeOffset.UtcNow);
                Thread.Sleep(CommitEvery);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        var deadline = DateTimeOffset.UtcNow + writing + TimeSpan.FromSeconds(10);
        while (DateTimeOffset.UtcNow < deadline && !(stop.IsCancellationRequested && pending.All(queue => queue.IsEmpty)))
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < written.Length; i++)
            {
                var through = written[i].GetStatus().ReplicatedThrough;
                while (through is { } shipped && pending[i].TryPeek(out var committed) && committed <= shipped && pending[i].TryDequeue(out _))
                {
                    if (committed >= measuredFrom)
                    {
                        lags.Add((now - committed).TotalMilliseconds);
                    }
                }
            }

            await Task.Delay(20);
        }

        await Task.WhenAll(writers);
        var unshipped = pending.Sum(queue => queue.Count);
        if (unshipped > 0)
        {
            Console.WriteLine($"  {unshipped} commits not reported shipped within 10 s of the end: counted as lost");
        }

        return lags;
    }

    private static async Task MeasureIdleAsync(int databases, TimeSpan idle, RequestCounter counter)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var (cpu, requests, clock) = (process.TotalProcessorTime, counter.Count, Stopwatch.StartNew());
        await Task.Delay(idle);
        process.Refresh();
        var cpuShare = (process.TotalProcessorTime - cpu).TotalSeconds / clock.Elapsed.TotalSeconds;
        var perTenantHour = (counter.Count - requests) / (double)databases * (3600 / clock.Elapsed.TotalSeconds);
        Console.WriteLine($"{databases} idle databases, {clock.Elapsed.TotalSeconds:0} s:");
        Console.WriteLine($"  CPU {cpuShare * 100:0.0}% of one core, resident memory {process.WorkingSet64 / 1024.0 / 1024:0} MiB " +
            $"(managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024:0} MiB live, {GC.GetGCMemoryInfo().TotalCommittedBytes / 1024.0 / 1024:0} MiB committed), " +
            $"store requests per idle tenant per hour {perTenantHour:0.00} (target 0)");
    }
}
