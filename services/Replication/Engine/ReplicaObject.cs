namespace Platform.Replication.Engine;

/// <summary>One object of a replica store: its key relative to the tenant's prefix, size and when it was written.</summary>
public sealed record ReplicaObject(string Key, long Size, DateTimeOffset LastModified);
