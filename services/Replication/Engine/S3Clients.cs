using System.Collections.Concurrent;
using Amazon.S3;

namespace Platform.Replication.Engine;

/// <summary>
/// One S3 client (and so one connection pool) per endpoint and credentials, shared by every tenant store using them:
/// a thousand tenant databases on the service's own credentials make one client, not a thousand.
/// </summary>
public sealed class S3Clients : IDisposable
{
    private readonly ConcurrentDictionary<(Uri Endpoint, string Region, string AccessKey, string SecretKey, TimeSpan Timeout), Lazy<AmazonS3Client>> clients = new();

    public AmazonS3Client For(S3TargetSettings target) => clients.GetOrAdd(
        (target.Endpoint, target.Region, target.AccessKey, target.SecretKey, target.OperationTimeout),
        _ => new Lazy<AmazonS3Client>(() => S3ReplicaStore.CreateClient(target))).Value;

    public void Dispose()
    {
        foreach (var client in clients.Values.Where(client => client.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
