namespace Platform.Replication.Configuration;

/// <summary>The <c>Replication</c> section: what to watch, where replicas go, per-database defaults and limits.</summary>
public sealed class ReplicationOptions
{
    public const string Section = "Replication";

    /// <summary>
    /// Folders holding tenant databases: <c>{folder}/{tenant-guid}.db</c> (one per tenant, Catalog's layout) or
    /// <c>{folder}/{tenant-guid}/{name}.db</c> (several per tenant). Nothing outside them is ever opened.
    /// </summary>
    public List<string> WatchFolders { get; set; } = [];

    /// <summary>The embedded target: replicas under this folder. Used when <see cref="Bucket"/> is empty.</summary>
    public string? ReplicaFolder { get; set; }

    /// <summary>An S3 bucket on the <c>ConnectionStrings:objectstorage</c> endpoint; when set, replicas go there.</summary>
    public string? Bucket { get; set; }

    /// <summary>Where restores through the API are written: <c>{RestoreFolder}/{tenant}/{name}-{time}.db</c>.</summary>
    public string? RestoreFolder { get; set; }

    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the watched folders are scanned for new and deleted databases.</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a <c>TenantProvisioned</c> event waits for Catalog to create the shop's file.</summary>
    public TimeSpan ProvisioningWait { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxDatabases { get; set; } = 1000;

    public int MaxDatabasesPerTenant { get; set; } = 10;

    /// <summary>Databases opened (first sync, snapshot) at once; the rest wait, so a start with hundreds does not stampede.</summary>
    public int MaxConcurrentOpens { get; set; } = 10;

    /// <summary>Every setting that is wrong, each naming its key; empty when the configuration can run.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (WatchFolders.Count == 0 || WatchFolders.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{Section}:WatchFolders needs at least one folder (Replication__WatchFolders__0).");
        }

        if (string.IsNullOrWhiteSpace(Bucket) && string.IsNullOrWhiteSpace(ReplicaFolder))
        {
            problems.Add($"{Section}:ReplicaFolder or {Section}:Bucket must name where replicas go.");
        }

        if (SyncInterval < TimeSpan.FromMilliseconds(100) || SyncInterval > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{Section}:SyncInterval is between 00:00:00.1 and 00:10:00 (was {SyncInterval}).");
        }

        if (SnapshotInterval < SyncInterval)
        {
            problems.Add($"{Section}:SnapshotInterval is at least the sync interval (was {SnapshotInterval}).");
        }

        if (Retention < TimeSpan.FromMinutes(1))
        {
            problems.Add($"{Section}:Retention is at least one minute (was {Retention}).");
        }

        if (DiscoveryInterval < TimeSpan.FromMilliseconds(100))
        {
            problems.Add($"{Section}:DiscoveryInterval is at least 00:00:00.1 (was {DiscoveryInterval}).");
        }

        foreach (var (key, value) in new[]
        {
            ("MaxDatabases", MaxDatabases), ("MaxDatabasesPerTenant", MaxDatabasesPerTenant), ("MaxConcurrentOpens", MaxConcurrentOpens),
        })
        {
            if (value < 1)
            {
                problems.Add($"{Section}:{key} is at least 1 (was {value}).");
            }
        }

        return problems;
    }
}
