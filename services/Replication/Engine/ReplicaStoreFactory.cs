namespace Platform.Replication.Engine;

/// <summary>Opens the store of one tenant's prefix on a target.</summary>
public static class ReplicaStoreFactory
{
    /// <param name="tenantPrefix">The tenant's own prefix (ending in '/'); null for <c>databases/{tenant}/</c>.</param>
    public static IReplicaStore Open(ReplicaTargetSettings target, Guid tenantId, string? tenantPrefix = null)
    {
        var prefix = tenantPrefix ?? ReplicaLayout.TenantPrefix(tenantId);
        return target switch
        {
            FileSystemTargetSettings fileSystem => new FileSystemReplicaStore(Path.Combine(fileSystem.Root, prefix)),
            S3TargetSettings s3 => new S3ReplicaStore(s3, s3.Prefix + prefix),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown replica target."),
        };
    }
}
