using Platform.Replication.Configuration;
using Platform.Replication.Engine;
using Platform.ServiceDefaults.ObjectStorage;

namespace Platform.Replication.Registry;

/// <summary>
/// Where each tenant's replicas go: the configured S3 bucket on the platform's object storage, else the replica
/// folder; under the tenant's own prefix and with its own S3 credentials (so a client of its own) when the file gives them.
/// </summary>
public sealed class ReplicationTargets(ReplicaTargetSettings shared, ReplicationOptions options) : IDisposable
{
    private readonly S3Clients clients = new();

    /// <summary>The target with the service's own credentials and the default prefixes.</summary>
    public ReplicaTargetSettings Shared => shared;

    public static ReplicationTargets From(ReplicationOptions options, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            return new ReplicationTargets(new FileSystemTargetSettings(Path.GetFullPath(options.ReplicaFolder!)), options);
        }

        var connectionString = configuration.GetConnectionString(ObjectStorageExtensions.ConnectionName)
            ?? throw new InvalidOperationException($"Replication:Bucket is set but ConnectionStrings:{ObjectStorageExtensions.ConnectionName} is missing.");
        var connection = ObjectStorageConnection.Parse(connectionString);
        return new ReplicationTargets(
            new S3TargetSettings(connection.Endpoint, connection.Region, options.Bucket, connection.AccessKey, connection.SecretKey), options);
    }

    /// <summary>The target of <paramref name="tenantId"/>: the shared one, with the tenant's credentials when it has its own.</summary>
    public ReplicaTargetSettings For(Guid tenantId) =>
        shared is S3TargetSettings s3 && options.ForTenant(tenantId).Credentials is { } credentials
            ? s3 with { AccessKey = credentials.AccessKey!, SecretKey = credentials.SecretKey! }
            : shared;

    /// <summary>The store of <paramref name="tenantId"/>'s replicas (its prefix on its target).</summary>
    public IReplicaStore Open(Guid tenantId) => ReplicaStoreFactory.Open(For(tenantId), tenantId, options.ForTenant(tenantId).Prefix, clients);

    public void Dispose() => clients.Dispose();
}
