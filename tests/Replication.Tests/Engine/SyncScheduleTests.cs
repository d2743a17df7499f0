using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class SyncScheduleTests
{
    [Fact]
    public async Task Syncs_keep_their_interval_however_long_each_takes_to_ship()
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        var store = new SlowSegmentStore(target.Store, shipping: TimeSpan.FromMilliseconds(400));
        var interval = TimeSpan.FromMilliseconds(500);
        await using var replicator = new DatabaseReplicator(
            new DatabaseReplicationSettings(ReplicaTarget.Tenant, "shop", source.Path, interval, TimeSpan.FromHours(1), TimeSpan.FromDays(1))
            {
                CheckpointPages = 1_000_000, // no checkpoint: every segment is one sync's
            },
            store);
        await replicator.StartAsync(CancellationToken.None);

        await Task.Run(() => source.Write(200, TimeSpan.FromMilliseconds(20)));
        await replicator.StopAsync(CancellationToken.None);

        // Each sync is due one interval after the previous one was due, not an interval after it finished shipping
        // (that would space them 900 ms apart here).
        var starts = store.SegmentStarts;
        Assert.True(starts.Count >= 5, $"only {starts.Count} segments shipped");
        var gaps = starts.Zip(starts.Skip(1), (earlier, later) => later - earlier).Order().ToList();
        Assert.True(gaps[gaps.Count / 2] < TimeSpan.FromMilliseconds(700), $"median gap between syncs {gaps[gaps.Count / 2].TotalMilliseconds:0} ms");
    }

    private sealed class SlowSegmentStore(IReplicaStore inner, TimeSpan shipping) : IReplicaStore
    {
        private readonly List<TimeSpan> segmentStarts = [];
        private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

        public IReadOnlyList<TimeSpan> SegmentStarts
        {
            get
            {
                lock (segmentStarts)
                {
                    return [.. segmentStarts];
                }
            }
        }

        public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            if (key.EndsWith(".wal.gz", StringComparison.Ordinal))
            {
                lock (segmentStarts)
                {
                    segmentStarts.Add(clock.Elapsed);
                }

                await Task.Delay(shipping, cancellationToken);
            }

            await inner.PutAsync(key, content, cancellationToken);
        }

        public Task PutFileAsync(string key, string path, CancellationToken cancellationToken) => inner.PutFileAsync(key, path, cancellationToken);

        public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

        public Task<IReadOnlyList<ReplicaObject>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) => inner.DeleteAsync(keys, cancellationToken);
    }
}
