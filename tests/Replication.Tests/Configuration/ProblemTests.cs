using Platform.ServiceDefaults.Configuration;

namespace Platform.Replication.Tests.Configuration;

/// <summary>Every wrong value stops the service at start, each problem naming the key to fix.</summary>
public sealed class ProblemTests
{
    private const string TenantA = "12345678-1234-5678-9abc-123456789012";
    private const string TenantB = "98765432-4321-8765-cba9-876543210987";

    private const string Base = """
        bucket: company-data
        autoDiscovery:
          watchPaths: [ {data} ]

        """;

    [Theory]
    [InlineData($"clients:\n  - clientId: {TenantA}\n  - clientId: {TenantB}\n    retention: 1y\n", "Replication:Clients:1:Retention is not a duration")]
    [InlineData($"clients:\n  - clientId: {TenantA}\n    syncInterval: 20m\n", "Replication:Clients:0:SyncInterval is between")]
    [InlineData($"clients:\n  - clientId: {TenantA}\n    snapshotInterval: 10ms\n", "Replication:Clients:0:SnapshotInterval is at least")]
    [InlineData("tenantDefaults: { syncInterval: often }\n", "Replication:SyncInterval is not a duration")]
    [InlineData("tenantDefaults: { retention: 30s }\n", "Replication:Retention is at least one minute")]
    [InlineData("clients:\n  - clientId: not-a-guid\n", "Replication:Clients:0:ClientId is not a tenant GUID")]
    [InlineData("clients:\n  - dbPath: {data}/a.db\n", "Replication:Clients:0:ClientId is required")]
    [InlineData($"clients:\n  - clientId: {TenantA}\n  - clientId: {TenantA}\n", "Replication:Clients:1:ClientId repeats Replication:Clients:0:ClientId")]
    [InlineData($"clients:\n  - clientId: {TenantA}\n    dbPath: /elsewhere/{TenantA}.db\n", "Replication:Clients:0:DbPath '/elsewhere/")]
    [InlineData($"clients:\n  - clientId: {TenantA}\n    dbPath: {{data}}/../{TenantA}.db\n", "Replication:Clients:0:DbPath")]
    [InlineData($"clients:\n  - clientId: {TenantA}\n    dbPath: {{data}}/{TenantB}.db\n", "Replication:Clients:0:DbPath")]
    [InlineData($"clients:\n  - clientId: {TenantA}\n    s3Prefix: ../other\n", "Replication:Clients:0:S3Prefix is a relative key prefix")]
    [InlineData($"clients:\n  - clientId: {TenantA}\n    s3Prefix: shared\n  - clientId: {TenantB}\n    s3Prefix: shared/\n", "Replication:Clients:1:S3Prefix repeats")]
    [InlineData($"clients:\n  - clientId: {TenantA}\n    s3: {{ accessKey: a }}\n", "Replication:Clients:0:S3 needs both")]
    [InlineData("limits: { maxTenants: 0 }\n", "Replication:MaxTenants is at least 1")]
    [InlineData("limits: { maxDatabasesPerTenant: -1 }\n", "Replication:MaxDatabasesPerTenant is at least 1")]
    [InlineData("limits: { maxConcurrentSyncs: 0 }\n", "Replication:MaxConcurrentSyncs is at least 1")]
    [InlineData("limits: { requestsPerMinutePerTenant: many }\n", "Replication:RequestsPerMinutePerTenant is not a whole number")]
    [InlineData("autoDiscovery: { watchPaths: [ {data} ], tenantPattern: \"tenants/(?<tenant>[0-9a-f-]{36}\" }\n", "Replication:AutoDiscovery:TenantPattern does not compile")]
    [InlineData("autoDiscovery: { watchPaths: [ {data} ], tenantPattern: \"tenants/[^/]+\\\\.db\" }\n", "Replication:AutoDiscovery:TenantPattern has no (?<tenant>...) group")]
    [InlineData("autoDiscovery: { watchPaths: [ {data} ], guidValidation: false }\n", "Replication:AutoDiscovery:GuidValidation cannot be false")]
    [InlineData("autoDiscovery: { watchPaths: [ {data} ], enabled: sometimes }\n", "Replication:AutoDiscovery:Enabled is true or false")]
    [InlineData("autoDiscovery: { watchPaths: [ {data} ], patterns: [ \"a/*.db\" ] }\n", "Replication:AutoDiscovery:Patterns:0 is a file name pattern")]
    public void A_wrong_value_is_a_problem_naming_its_key(string yaml, string expected)
    {
        // A second autoDiscovery mapping would be a duplicate key, so cases that need their own replace the base's.
        using var file = ConfigFile.Write(yaml.StartsWith("autoDiscovery", StringComparison.Ordinal) ? "bucket: company-data\n" + yaml : Base + yaml);

        var problems = file.Read().Problems();

        Assert.Contains(problems, problem => problem.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("autoDiscovery:\n  watchPaths: [ {data} ]\n  guidPattern: \"[0-9a-f]{8}\"\n", "(3,3): unknown key 'autoDiscovery.guidPattern'")]
    [InlineData("bucket: b\nlimits: { maxTenantsPerInstance: 500 }\n", "(2,11): unknown key 'limits.maxTenantsPerInstance'")]
    [InlineData("clients:\n  - clientId: x\n    s3Config: { bucket: b }\n", "(3,5): unknown key 'clients[0].s3Config'")]
    [InlineData("clients: all\n", "(1,10): clients (Replication:Clients) must be a list.")]
    [InlineData("limits: [ 1, 2 ]\n", "(1,9): limits (Replication) must be a mapping.")]
    public void A_key_or_shape_the_file_does_not_know_is_a_problem_with_its_place(string yaml, string expected)
    {
        using var file = ConfigFile.Write(yaml);

        var problems = file.Read().Problems();

        Assert.Contains(problems, problem => problem == file.Path + expected || problem.StartsWith(file.Path + expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_syntax_error_names_the_file_the_line_and_the_column()
    {
        using var file = ConfigFile.Write("bucket: company-data\nclients:\n  - clientId: [ unclosed\n");

        var problem = Assert.Single(file.Read().Problems(), problem => problem.StartsWith(file.Path, StringComparison.Ordinal));

        Assert.Matches(@"^.*replication\.yml\(\d+,\d+\): ", problem);
    }

    [Fact]
    public void A_missing_file_is_a_problem_naming_the_setting()
    {
        using var file = ConfigFile.Write("");
        File.Delete(file.Path);

        Assert.Contains(file.Read().Problems(), problem => problem.StartsWith("Replication:ConfigFile names", StringComparison.Ordinal));
    }

    [Fact]
    public void The_service_refuses_to_start_and_names_every_problem_at_once()
    {
        using var file = ConfigFile.Write(Base + $"clients:\n  - clientId: nope\n    retention: forever\nlimits: {{ maxTenants: 0 }}\n");

        var exception = Assert.Throws<MissingConfigurationException>(() => file.Build().ReadReplicationOptions());

        Assert.Contains("Replication:Clients:0:ClientId", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Replication:Clients:0:Retention", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Replication:MaxTenants", exception.Message, StringComparison.Ordinal);
    }
}
