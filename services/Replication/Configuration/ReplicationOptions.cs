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

    /// <summary>Distinct tenants replicated by this instance.</summary>
    public int MaxTenants { get; set; } = 1000;

    /// <summary>Syncs (WAL shipping, snapshots) running at once across all databases; the others wait their turn.</summary>
    public int MaxConcurrentSyncs { get; set; } = 10;

    /// <summary>Control API requests per minute for one tenant's routes.</summary>
    public int RequestsPerMinutePerTenant { get; set; } = 60;

    /// <summary>The YAML file the section was read from, if any (<c>--config</c> also names it).</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Tenants listed in the file: databases registered at start and per-tenant overrides.</summary>
    public List<ReplicationClientOptions> Clients { get; set; } = [];

    public AutoDiscoveryOptions AutoDiscovery { get; set; } = new();

    /// <summary>What was wrong before binding: the file's problems and values that are not durations or numbers.</summary>
    internal List<string> ReadingProblems { get; } = [];

    /// <summary>The client entry of <paramref name="tenantId"/>, if the file lists it.</summary>
    public ReplicationClientOptions? Client(Guid tenantId) =>
        tenantId == Guid.Empty ? null : Clients.FirstOrDefault(client => client.TenantId == tenantId);

    public TenantReplicationSettings ForTenant(Guid tenantId)
    {
        var client = Client(tenantId);
        var prefix = string.IsNullOrWhiteSpace(client?.S3Prefix) ? null : client.S3Prefix.Trim('/') + "/";
        var credentials = client?.S3 is { AccessKey.Length: > 0, SecretKey.Length: > 0 } s3 ? s3 : null;
        return new TenantReplicationSettings(tenantId, client?.SyncInterval ?? SyncInterval, client?.SnapshotInterval ?? SnapshotInterval,
            client?.Retention ?? Retention, prefix, credentials);
    }

    /// <summary>Every setting that is wrong, each naming its key; empty when the configuration can run.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>(ReadingProblems);
        if (WatchFolders.Count == 0 || WatchFolders.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{Section}:WatchFolders needs at least one folder (Replication__WatchFolders__0).");
        }

        if (string.IsNullOrWhiteSpace(Bucket) && string.IsNullOrWhiteSpace(ReplicaFolder))
        {
            problems.Add($"{Section}:ReplicaFolder or {Section}:Bucket must name where replicas go.");
        }

        problems.AddRange(IntervalProblems(Section, SyncInterval, SnapshotInterval, Retention));

        if (DiscoveryInterval < TimeSpan.FromMilliseconds(100))
        {
            problems.Add($"{Section}:DiscoveryInterval is at least 00:00:00.1 (was {DiscoveryInterval}).");
        }

        foreach (var (key, value) in new[]
        {
            ("MaxDatabases", MaxDatabases), ("MaxDatabasesPerTenant", MaxDatabasesPerTenant), ("MaxConcurrentOpens", MaxConcurrentOpens),
            ("MaxTenants", MaxTenants), ("MaxConcurrentSyncs", MaxConcurrentSyncs), ("RequestsPerMinutePerTenant", RequestsPerMinutePerTenant),
        })
        {
            if (value < 1)
            {
                problems.Add($"{Section}:{key} is at least 1 (was {value}).");
            }
        }

        problems.AddRange(ReplicationProblems.OfClients(this));
        problems.AddRange(ReplicationProblems.OfAutoDiscovery(this));
        return problems;
    }

    /// <summary>The bounds of a sync interval, snapshot interval and retention, for the defaults and for each client.</summary>
    internal static IEnumerable<string> IntervalProblems(string key, TimeSpan syncInterval, TimeSpan snapshotInterval, TimeSpan retention)
    {
        if (syncInterval < TimeSpan.FromMilliseconds(100) || syncInterval > TimeSpan.FromMinutes(10))
        {
            yield return $"{key}:SyncInterval is between 00:00:00.1 and 00:10:00 (was {syncInterval}).";
        }

        if (snapshotInterval < syncInterval)
        {
            yield return $"{key}:SnapshotInterval is at least the sync interval (was {snapshotInterval}).";
        }

        if (retention < TimeSpan.FromMinutes(1))
        {
            yield return $"{key}:Retention is at least one minute (was {retention}).";
        }
    }
}
