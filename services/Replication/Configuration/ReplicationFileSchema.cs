namespace Platform.Replication.Configuration;

/// <summary>
/// Which YAML keys the replication file may hold and the <c>Replication:*</c> key each one becomes. Anything not listed
/// here is a configuration problem, so a misspelt key cannot silently fall back to a default.
/// </summary>
internal static class ReplicationFileSchema
{
    /// <summary>A part of the file: a scalar, a list of scalars, a mapping, or a list of mappings.</summary>
    internal abstract record Shape(string Key);

    /// <summary>A scalar stored at <c>{parent}:{Key}</c>.</summary>
    internal sealed record Value(string Key) : Shape(Key);

    /// <summary>A list of scalars stored at <c>{parent}:{Key}:{index}</c>.</summary>
    internal sealed record Values(string Key) : Shape(Key);

    /// <summary>A mapping whose fields go under <c>{parent}:{Key}</c> (or under the parent itself when Key is empty).</summary>
    internal sealed record Section(string Key, IReadOnlyDictionary<string, Shape> Fields) : Shape(Key);

    /// <summary>A list of mappings stored at <c>{parent}:{Key}:{index}:{field}</c>.</summary>
    internal sealed record Items(string Key, IReadOnlyDictionary<string, Shape> Fields) : Shape(Key);

    private static Dictionary<string, Shape> Fields(params (string Yaml, Shape Shape)[] fields) =>
        fields.ToDictionary(field => field.Yaml, field => field.Shape, StringComparer.OrdinalIgnoreCase);

    public static readonly Section Root = new(ReplicationOptions.Section, Fields(
        ("bucket", new Value("Bucket")),
        ("replicaFolder", new Value("ReplicaFolder")),
        ("restoreFolder", new Value("RestoreFolder")),
        ("discoveryInterval", new Value("DiscoveryInterval")),
        ("provisioningWait", new Value("ProvisioningWait")),
        ("clients", new Items("Clients", Fields(
            ("clientId", new Value("ClientId")),
            ("dbPath", new Value("DbPath")),
            ("s3Prefix", new Value("S3Prefix")),
            ("retention", new Value("Retention")),
            ("syncInterval", new Value("SyncInterval")),
            ("snapshotInterval", new Value("SnapshotInterval")),
            ("s3", new Section("S3", Fields(
                ("accessKey", new Value("AccessKey")),
                ("secretKey", new Value("SecretKey")))))))),
        ("autoDiscovery", new Section("", Fields(
            ("enabled", new Value("AutoDiscovery:Enabled")),
            ("watchPaths", new Values("WatchFolders")),
            ("patterns", new Values("AutoDiscovery:Patterns")),
            ("guidValidation", new Value("AutoDiscovery:GuidValidation")),
            ("tenantPattern", new Value("AutoDiscovery:TenantPattern"))))),
        ("tenantDefaults", new Section("", Fields(
            ("retention", new Value("Retention")),
            ("syncInterval", new Value("SyncInterval")),
            ("snapshotInterval", new Value("SnapshotInterval"))))),
        ("limits", new Section("", Fields(
            ("maxTenants", new Value("MaxTenants")),
            ("maxDatabases", new Value("MaxDatabases")),
            ("maxDatabasesPerTenant", new Value("MaxDatabasesPerTenant")),
            ("maxConcurrentSyncs", new Value("MaxConcurrentSyncs")),
            ("maxConcurrentOpens", new Value("MaxConcurrentOpens")),
            ("requestsPerMinutePerTenant", new Value("RequestsPerMinutePerTenant")))))));
}
