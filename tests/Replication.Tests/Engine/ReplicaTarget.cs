using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

/// <summary>A replica target of the test's own: a temp folder, or a bucket on the shared S3-compatible server.</summary>
public sealed class ReplicaTarget : IAsyncDisposable
{
    public static readonly Guid Tenant = Guid.NewGuid();
    private readonly TestBuckets? buckets;
    private readonly string? folder;

    private ReplicaTarget(string kind, TcpProxy? proxy)
    {
        if (kind == "s3")
        {
            buckets = TestBuckets.Create("repl");
            var endpoint = proxy is null ? buckets.Connection.Endpoint : new UriBuilder(buckets.Connection.Endpoint) { Host = "127.0.0.1", Port = proxy.Port }.Uri;
            Settings = new S3TargetSettings(endpoint, buckets.Connection.Region, buckets.PrivateBucket, buckets.Connection.AccessKey, buckets.Connection.SecretKey, "replicas/")
            {
                OperationTimeout = TimeSpan.FromSeconds(3),
            };
        }
        else
        {
            folder = Path.Combine(Path.GetTempPath(), $"replication-target-{Guid.NewGuid():N}");
            Settings = new FileSystemTargetSettings(folder);
        }

        Store = ReplicaStoreFactory.Open(Settings, Tenant);
    }

    public ReplicaTargetSettings Settings { get; }

    public IReplicaStore Store { get; }

    public static async Task<ReplicaTarget> CreateAsync(string kind, TcpProxy? proxy = null)
    {
        var target = new ReplicaTarget(kind, proxy);
        if (target.Store is S3ReplicaStore s3)
        {
            await s3.EnsureBucketAsync(CancellationToken.None);
        }

        return target;
    }

    /// <summary>A store straight to the server, bypassing any proxy.</summary>
    public IReplicaStore DirectStore() => buckets is null
        ? Store
        : ReplicaStoreFactory.Open(((S3TargetSettings)Settings) with { Endpoint = buckets.Connection.Endpoint }, Tenant);

    public DatabaseReplicator Replicator(
        SourceDatabase source, TimeProvider? clock = null, int checkpointPages = 1000, TimeSpan? syncInterval = null, TimeSpan? retention = null) => new(
        new DatabaseReplicationSettings(Tenant, "shop", source.Path, syncInterval ?? TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1), retention ?? TimeSpan.FromDays(1))
        {
            CheckpointPages = checkpointPages,
        },
        Store,
        clock);

    public async ValueTask DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        if (buckets is not null)
        {
            await buckets.DisposeAsync();
        }

        if (folder is not null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
