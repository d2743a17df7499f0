namespace Platform.Replication.Tests.Configuration;

/// <summary>The design's example file, with its watch folder moved to the test's own.</summary>
public static class ExampleFile
{
    public const string TenantA = "12345678-1234-5678-9abc-123456789012";

    public const string Yaml = """
        bucket: company-data
        clients:
          - clientId: 12345678-1234-5678-9abc-123456789012
            dbPath: {data}/12345678-1234-5678-9abc-123456789012.db
            s3Prefix: databases/12345678-1234-5678-9abc-123456789012
            retention: 168h
            syncInterval: 1s
            s3: { accessKey: ${TENANT_A_ACCESS_KEY}, secretKey: ${TENANT_A_SECRET_KEY} }
        autoDiscovery:
          enabled: true
          watchPaths: [ {data}/ ]
          patterns: [ "*.db" ]
          guidValidation: true
          tenantPattern: "tenants/(?<tenant>[0-9a-f-]{36})/[^/]+\\.db"   # optional, nested layouts
        tenantDefaults: { retention: 24h, syncInterval: 1s, snapshotInterval: 1h }
        limits: { maxTenants: 1000, maxDatabasesPerTenant: 10, maxConcurrentSyncs: 10, requestsPerMinutePerTenant: 60 }
        """;

    public static readonly IReadOnlyDictionary<string, string?> Credentials = new Dictionary<string, string?>
    {
        ["TENANT_A_ACCESS_KEY"] = "tenant-a-access",
        ["TENANT_A_SECRET_KEY"] = "tenant-a-secret",
    };
}
