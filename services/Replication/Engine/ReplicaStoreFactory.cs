namespace Platform.Replication.Engine;

/// <summary>Opens the store of one tenant's prefix on a target.</summary>
public static class ReplicaStoreFactory
{
    /// <param name="tenantPrefix">The tenant's own prefix (ending in '/'); null for <c>databases/{tenant}/</c>.</param>
    /// <param name="clients">Clients shared between stores; without it an S3 store has a client of its own.</param>
    public static IReplicaStore Open(ReplicaTargetSettings target, Guid tenantId, string? tenantPrefix = null, S3Clients? clients = null)
    {
        var prefix = tenantPrefix ?? ReplicaLayout.TenantPrefix(tenantId);
        return target switch
        {
            FileSystemTargetSettings fileSystem => new FileSystemReplicaStore(Path.Combine(fileSystem.Root, prefix)),
            S3TargetSettings s3 when clients is not null => new S3ReplicaStore(clients.For(s3), s3.Bucket, s3.Prefix + prefix),
            S3TargetSettings s3 => new S3ReplicaStore(s3, s3.Prefix + prefix),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown replica target."),
        };
    }
}
