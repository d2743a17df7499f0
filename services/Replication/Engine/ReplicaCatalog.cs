namespace Platform.Replication.Engine;

/// <summary>A snapshot or WAL segment of a generation, as named by its key.</summary>
public sealed record ReplicaEntry(string Key, string Generation, long Index, long Offset, DateTimeOffset At)
{
    public bool IsSnapshot => Key.EndsWith(".snapshot.gz", StringComparison.Ordinal);
}

/// <summary>The snapshots and WAL segments of one database, by generation, read from one listing of the store.</summary>
public sealed class ReplicaCatalog
{
    private ReplicaCatalog(IReadOnlyList<ReplicaEntry> entries) => Entries = entries;

    public IReadOnlyList<ReplicaEntry> Entries { get; }

    public IEnumerable<string> Generations => Entries.Select(entry => entry.Generation).Distinct().Order(StringComparer.Ordinal);

    public static async Task<ReplicaCatalog> LoadAsync(IReplicaStore store, string database, CancellationToken cancellationToken)
    {
        var prefix = ReplicaLayout.GenerationsPrefix(database);
        var entries = new List<ReplicaEntry>();
        foreach (var stored in await store.ListAsync(prefix, cancellationToken))
        {
            var generation = stored.Key[prefix.Length..].Split('/')[0];
            if (ReplicaLayout.TryParseEntry(stored.Key, out var index, out var offset, out var at))
            {
                entries.Add(new ReplicaEntry(stored.Key, generation, index, offset, at));
            }
        }

        return new ReplicaCatalog(entries);
    }

    public IEnumerable<ReplicaEntry> Snapshots(string generation) =>
        Entries.Where(entry => entry.Generation == generation && entry.IsSnapshot);

    /// <summary>The WAL segments of a generation in position order.</summary>
    public IReadOnlyList<ReplicaEntry> Segments(string generation) => Entries
        .Where(entry => entry.Generation == generation && !entry.IsSnapshot)
        .OrderBy(entry => entry.Index).ThenBy(entry => entry.Offset)
        .ToList();
}
