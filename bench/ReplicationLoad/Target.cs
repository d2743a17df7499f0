using Platform.Replication.Engine;
using Platform.ServiceDefaults.ObjectStorage;

namespace Platform.Bench.ReplicationLoad;

/// <summary>The S3 bucket of the run, on the endpoint of <c>ConnectionStrings__objectstorage</c>.</summary>
public static class Target
{
    public static async Task<S3TargetSettings> CreateBucketAsync(string bucket)
    {
        var connection = ObjectStorageConnection.Parse(Environment.GetEnvironmentVariable("ConnectionStrings__objectstorage")
            ?? throw new InvalidOperationException("ConnectionStrings__objectstorage is not set (bash scripts/infra.sh env)."));
        var settings = new S3TargetSettings(connection.Endpoint, connection.Region, bucket, connection.AccessKey, connection.SecretKey)
        {
            OperationTimeout = TimeSpan.FromMinutes(5),
        };
        using var store = new S3ReplicaStore(settings, "");
        await store.EnsureBucketAsync(CancellationToken.None);
        return settings;
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
}
