using Microsoft.Extensions.Logging.Abstractions;
using Platform.Replication.Configuration;
using Platform.Replication.Engine;
using Platform.Replication.Registry;

namespace Platform.Replication.Tests.Configuration;

/// <summary>A client's values in the file reach its replicator, its replica prefix and its S3 client; other tenants keep the defaults.</summary>
public sealed class PerTenantSettingsTests
{
    private static readonly Guid TenantA = Guid.Parse("12345678-1234-5678-9abc-123456789012");
    private static readonly Guid TenantB = Guid.Parse("98765432-4321-8765-cba9-876543210987");

    private const string Yaml = """
        replicaFolder: {data}/../replicas
        clients:
          - clientId: 12345678-1234-5678-9abc-123456789012
            dbPath: {data}/shops/a/main.db
            s3Prefix: custom/tenant-a
            retention: 168h
            syncInterval: 200ms
            snapshotInterval: 2h
        autoDiscovery: { enabled: false, watchPaths: [ {data} ] }
        tenantDefaults: { retention: 24h, syncInterval: 300ms, snapshotInterval: 1h }
        limits: { maxTenants: 2 }
        """;

    [Fact]
    public async Task A_clients_intervals_and_retention_reach_its_replicator_and_others_keep_the_defaults()
    {
        using var file = ConfigFile.Write(Yaml);
        var options = file.Read();
        Assert.Empty(options.Problems());
        await using var databases = Databases(file, options);

        databases.Register(TenantA, "main", Path.Combine(file.DataFolder, "a.db"));
        databases.Register(TenantB, "main", Path.Combine(file.DataFolder, "b.db"));

        var a = databases.Find(TenantA, "main")!.Settings;
        var b = databases.Find(TenantB, "main")!.Settings;
        Assert.Equal((TimeSpan.FromMilliseconds(200), TimeSpan.FromHours(2), TimeSpan.FromHours(168)), (a.SyncInterval, a.SnapshotInterval, a.Retention));
        Assert.Equal((TimeSpan.FromMilliseconds(300), TimeSpan.FromHours(1), TimeSpan.FromHours(24)), (b.SyncInterval, b.SnapshotInterval, b.Retention));
    }

    [Fact]
    public async Task A_clients_prefix_receives_its_replicas_and_others_keep_databases_tenant()
    {
        using var file = ConfigFile.Write(Yaml);
        var options = file.Read();
        var targets = ReplicationTargets.From(options, file.Build());

        await targets.Open(TenantA).PutAsync("probe", new byte[] { 1 }, CancellationToken.None);
        await targets.Open(TenantB).PutAsync("probe", new byte[] { 2 }, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(file.ReplicaFolder, "custom", "tenant-a", "probe")));
        Assert.True(File.Exists(Path.Combine(file.ReplicaFolder, "databases", TenantB.ToString("D"), "probe")));
    }

    [Fact]
    public void A_client_with_its_own_credentials_gets_a_target_with_them()
    {
        using var file = ConfigFile.Write("""
            bucket: company-data
            autoDiscovery: { watchPaths: [ {data} ] }
            clients:
              - clientId: 12345678-1234-5678-9abc-123456789012
                s3: { accessKey: ${TENANT_A_ACCESS_KEY}, secretKey: ${TENANT_A_SECRET_KEY} }
            """);
        var configuration = file.Build(ExampleFile.Credentials,
            new Dictionary<string, string?> { ["ConnectionStrings:objectstorage"] = "Endpoint=http://127.0.0.1:1;AccessKey=service;SecretKey=service-secret" });
        var options = ReplicationOptionsReader.Read(configuration);
        var targets = ReplicationTargets.From(options, configuration);

        var a = Assert.IsType<S3TargetSettings>(targets.For(TenantA));
        var b = Assert.IsType<S3TargetSettings>(targets.For(TenantB));

        Assert.Equal(("tenant-a-access", "tenant-a-secret", "company-data"), (a.AccessKey, a.SecretKey, a.Bucket));
        Assert.Equal(("service", "service-secret", "company-data"), (b.AccessKey, b.SecretKey, b.Bucket));
        Assert.IsType<S3ReplicaStore>(targets.Open(TenantA));
    }

    [Fact]
    public async Task A_configured_clients_database_is_registered_at_start_and_replicated_under_its_prefix()
    {
        using var file = ConfigFile.Write(Yaml);
        var options = file.Read();
        var path = Path.Combine(file.DataFolder, "shops", "a", "main.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await ReplicationService.WriteRowsAsync(path, 1, 5);
        // Auto-discovery is off: this tenant's file in Catalog's layout is left alone.
        await ReplicationService.WriteRowsAsync(Path.Combine(file.DataFolder, $"{TenantB:D}.db"), 1, 5);
        await using var databases = Databases(file, options);
        using var discovery = new FolderDiscovery(options, new DatabaseLocator(options), databases, NullLogger<FolderDiscovery>.Instance);

        await discovery.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.MatchAsync(() => Task.FromResult(databases.Find(TenantA, "main")?.GetStatus().Position), position => position is not null,
                what: "tenant A's configured database replicating");
            await Eventually.MatchAsync(() => Task.FromResult(Directory.Exists(Path.Combine(file.ReplicaFolder, "custom", "tenant-a", "main"))),
                exists => exists, what: "tenant A's replicas under its own prefix");
            Assert.Null(databases.Find(TenantB, TenantB.ToString("D")));
        }
        finally
        {
            await discovery.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_tenant_limit_refuses_a_tenant_beyond_it()
    {
        using var file = ConfigFile.Write(Yaml);
        var options = file.Read();
        await using var databases = Databases(file, options);

        databases.Register(TenantA, "main", Path.Combine(file.DataFolder, "a.db"));
        databases.Register(TenantB, "main", Path.Combine(file.DataFolder, "b.db"));

        var refused = Assert.IsType<Registration.LimitReached>(databases.Register(Guid.NewGuid(), "main", Path.Combine(file.DataFolder, "c.db")));
        Assert.Equal(("Replication:MaxTenants", 2), (refused.Key, refused.Limit));
        Assert.IsType<Registration.Registered>(databases.Register(TenantA, "second", Path.Combine(file.DataFolder, "a2.db")));
    }

    private static ReplicatedDatabases Databases(ConfigFile file, ReplicationOptions options) =>
        new(options, ReplicationTargets.From(options, file.Build()), NullLogger<ReplicatedDatabases>.Instance);
}
