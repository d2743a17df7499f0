namespace Platform.Replication.Engine;

/// <summary>Opens the store of one tenant's prefix on a target.</summary>
public static class ReplicaStoreFactory
{
    public static IReplicaStore Open(ReplicaTargetSettings target, Guid tenantId) => target switch
    {
        FileSystemTargetSettings fileSystem => new FileSystemReplicaStore(Path.Combine(fileSystem.Root, ReplicaLayout.TenantPrefix(tenantId))),
        S3TargetSettings s3 => new S3ReplicaStore(s3, s3.Prefix + ReplicaLayout.TenantPrefix(tenantId)),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown replica target."),
    };
}
