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

    public async Task<RetentionResult> EnforceAsync(string databaseName, TimeSpan retention, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var windowStart = now - retention;
        var catalog = await ReplicaCatalog.LoadAsync(store, databaseName, cancellationToken);
        var generations = catalog.Generations.ToList();
        var doomed = new List<string>();
        var nextDeletion = (DateTimeOffset?)null;
        void Due(DateTimeOffset at) => nextDeletion = nextDeletion is { } known && known <= at ? known : at;

        for (var i = 0; i < generations.Count; i++)
        {
            var entries = catalog.Entries.Where(entry => entry.Generation == generations[i]).ToList();
            var successorStart = i + 1 < generations.Count ? catalog.Entries.Where(entry => entry.Generation == generations[i + 1]).Min(entry => entry.At) : (DateTimeOffset?)null;
            if (successorStart <= windowStart)
            {
                doomed.AddRange(entries.Select(entry => entry.Key));
                continue;
            }

            if (successorStart is { } start)
            {
                Due(start + retention);
            }

            var snapshots = catalog.Snapshots(generations[i]).OrderBy(snapshot => (snapshot.Index, snapshot.Offset)).ToList();
            var keep = snapshots.Where(snapshot => snapshot.At <= windowStart).LastOrDefault();

            // A later snapshot that reaches the window's start frees what is before it, if anything is.
            if (snapshots.FirstOrDefault(snapshot => snapshot.At > windowStart && entries.Any(entry => IsBefore(entry, snapshot))) is { } freeing)
            {
                Due(freeing.At + retention);
            }

            if (keep is not null)
            {
                doomed.AddRange(entries.Where(entry => IsBefore(entry, keep)).Select(entry => entry.Key));
            }
        }

        await store.DeleteAsync(doomed, cancellationToken);
        return new RetentionResult(doomed.Count, nextDeletion);
    }

    /// <summary>What restoring from <paramref name="snapshot"/> or later never needs: older snapshots, earlier WAL indexes.</summary>
    private static bool IsBefore(ReplicaEntry entry, ReplicaEntry snapshot) => entry.IsSnapshot
        ? (entry.Index, entry.Offset).CompareTo((snapshot.Index, snapshot.Offset)) < 0
        : entry.Index < snapshot.Index;
}

/// <param name="Deleted">Objects deleted.</param>
/// <param name="NextDeletionAt">When something kept now falls out of the window; null when nothing will until more is shipped.</param>
public sealed record RetentionResult(int Deleted, DateTimeOffset? NextDeletionAt);
