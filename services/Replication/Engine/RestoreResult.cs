namespace Platform.Replication.Engine;

/// <summary>The restored file and the position and ship time of the last segment applied.</summary>
public sealed record RestoreResult(string OutputPath, ReplicaPosition Position, DateTimeOffset ShippedAt, int SegmentsApplied);
