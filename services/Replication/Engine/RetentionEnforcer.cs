namespace Platform.Replication.Engine;

/// <summary>
/// Deletes generations, snapshots and WAL segments older than the retention window while keeping everything needed
/// to restore any point inside it: per generation, the newest snapshot taken at or before the window's start and
/// everything after it; a whole generation goes only when a newer one had already started by the window's start.
/// The newest generation is always kept.
/// </summary>
public sealed class RetentionEnforcer(IReplicaStore store, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    /// <summary>Returns the number of objects deleted.</summary>
    public async Task<int> EnforceAsync(string databaseName, TimeSpan retention, CancellationToken cancellationToken)
    {
        var windowStart = clock.GetUtcNow() - retention;
        var catalog = await ReplicaCatalog.LoadAsync(store, databaseName, cancellationToken);
        var generations = catalog.Generations.ToList();
        var doomed = new List<string>();
        for (var i = 0; i < generations.Count; i++)
        {
            var entries = catalog.Entries.Where(entry => entry.Generation == generations[i]).ToList();
            var successorStarted = i + 1 < generations.Count
                && catalog.Entries.Where(entry => entry.Generation == generations[i + 1]).Min(entry => entry.At) <= windowStart;
            if (successorStarted)
            {
                doomed.AddRange(entries.Select(entry => entry.Key));
                continue;
            }

            var keep = catalog.Snapshots(generations[i]).Where(snapshot => snapshot.At <= windowStart).MaxBy(snapshot => (snapshot.Index, snapshot.Offset));
            if (keep is null)
            {
                continue;
            }

            doomed.AddRange(entries
                .Where(entry => entry.IsSnapshot
                    ? (entry.Index, entry.Offset).CompareTo((keep.Index, keep.Offset)) < 0
                    : entry.Index < keep.Index)
                .Select(entry => entry.Key));
        }

        await store.DeleteAsync(doomed, cancellationToken);
        return doomed.Count;
    }
}
