namespace Platform.Replication.Engine;

/// <summary>
/// A point in a database's replicated history: the generation, the WAL index inside it (incremented each time the
/// engine restarts the WAL after a checkpoint) and the byte offset inside that WAL file.
/// </summary>
public readonly record struct ReplicaPosition(string Generation, long Index, long Offset) : IComparable<ReplicaPosition>
{
    public int CompareTo(ReplicaPosition other)
    {
        var byGeneration = string.CompareOrdinal(Generation, other.Generation);
        if (byGeneration != 0)
        {
            return byGeneration;
        }

        var byIndex = Index.CompareTo(other.Index);
        return byIndex != 0 ? byIndex : Offset.CompareTo(other.Offset);
    }

    public override string ToString() => $"{Generation}/{Index:x16}/{Offset:x16}";
}
