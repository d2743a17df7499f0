using Platform.Replication.Registry;

namespace Platform.Replication.Tests.Configuration;

/// <summary>The file's discovery settings: a tenant pattern for nested layouts, and file name patterns.</summary>
public sealed class DiscoveryLayoutTests
{
    private const string Tenant = "12345678-1234-5678-9abc-123456789012";

    [Fact]
    public void A_tenant_pattern_finds_databases_in_a_nested_layout()
    {
        using var file = ConfigFile.Write("""
            replicaFolder: {data}/../replicas
            autoDiscovery:
              watchPaths: [ {data} ]
              tenantPattern: "tenants/(?<tenant>[0-9a-f-]{36})/[^/]+\\.db"
            """);
        var options = file.Read();
        Assert.Empty(options.Problems());
        Touch(file, $"tenants/{Tenant}/orders.db");
        Touch(file, $"tenants/{Tenant}/{Tenant}.db");
        Touch(file, "tenants/not-a-tenant-guid-at-all-00000000000/orders.db");
        Touch(file, $"{Tenant}.db");

        var found = new DatabaseLocator(options).Discover().OrderBy(database => database.DatabaseName).ToList();

        Assert.Equal([(Guid.Parse(Tenant), Tenant), (Guid.Parse(Tenant), "orders")], found.Select(database => (database.TenantId, database.DatabaseName)));
    }

    [Fact]
    public void File_name_patterns_choose_which_files_are_databases()
    {
        using var file = ConfigFile.Write("""
            replicaFolder: {data}/../replicas
            autoDiscovery: { watchPaths: [ {data} ], patterns: [ "*.sqlite" ] }
            """);
        var options = file.Read();
        Touch(file, $"{Tenant}.sqlite");
        Touch(file, $"{Tenant}/orders.db");

        var found = Assert.Single(new DatabaseLocator(options).Discover());

        Assert.Equal(Tenant, found.DatabaseName);
    }

    private static void Touch(ConfigFile file, string relative)
    {
        var path = Path.Combine(file.DataFolder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
    }
}
