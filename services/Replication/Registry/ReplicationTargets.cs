using Platform.Replication.Configuration;
using Platform.Replication.Engine;
using Platform.ServiceDefaults.ObjectStorage;

namespace Platform.Replication.Registry;

/// <summary>The configured replica target: an S3 bucket on the platform's object storage, else the replica folder.</summary>
public static class ReplicationTargets
{
    public static ReplicaTargetSettings From(ReplicationOptions options, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            return new FileSystemTargetSettings(Path.GetFullPath(options.ReplicaFolder!));
        }

        var connectionString = configuration.GetConnectionString(ObjectStorageExtensions.ConnectionName)
            ?? throw new InvalidOperationException($"Replication:Bucket is set but ConnectionStrings:{ObjectStorageExtensions.ConnectionName} is missing.");
        var connection = ObjectStorageConnection.Parse(connectionString);
        return new S3TargetSettings(connection.Endpoint, connection.Region, options.Bucket, connection.AccessKey, connection.SecretKey);
    }
}
