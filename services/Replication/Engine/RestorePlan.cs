namespace Platform.Replication.Engine;

/// <summary>Which snapshot and which WAL segments after it restore the requested point.</summary>
internal sealed record RestorePlan(ReplicaEntry Snapshot, IReadOnlyList<ReplicaEntry> Segments)
{
    /// <summary>
    /// The newest generation holding the point, the segments up to it (all, those shipped by the timestamp, or those
    /// starting before the position) and the newest snapshot whose position is not after the last of them. A snapshot
    /// is replayed with its WAL index from that index's start.
    /// </summary>
    public static RestorePlan? Choose(ReplicaCatalog catalog, RestoreRequest request)
    {
        var generations = request.Position is { } position ? [position.Generation] : catalog.Generations.Reverse();
        foreach (var generation in generations)
        {
            var segments = catalog.Segments(generation);
            var included = request switch
            {
                { Position: { } target } => segments.TakeWhile(s => (s.Index, s.Offset).CompareTo((target.Index, target.Offset)) < 0).ToList(),
                { Timestamp: { } at } => segments.TakeWhile(s => s.At <= at).ToList(),
                _ => segments.ToList(),
            };
            if (request.Timestamp is not null && included.Count == 0)
            {
                continue;
            }

            // The boundary: the start of the first segment left out (a snapshot stored there is complete without it).
            var boundary = included.Count < segments.Count ? (segments[included.Count].Index, segments[included.Count].Offset) : (long.MaxValue, long.MaxValue);
            var snapshot = catalog.Snapshots(generation)
                .Where(s => (s.Index, s.Offset).CompareTo(boundary) <= 0)
                .MaxBy(s => (s.Index, s.Offset));
            if (snapshot is null)
            {
                if (request.Position is not null)
                {
                    return null;
                }

                continue;
            }

            return new RestorePlan(snapshot, included.Where(s => s.Index >= snapshot.Index).ToList());
        }

        return null;
    }
}
