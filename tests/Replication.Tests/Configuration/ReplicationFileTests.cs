using Platform.Replication.Configuration;

namespace Platform.Replication.Tests.Configuration;

public sealed class ReplicationFileTests
{
    [Fact]
    public void The_design_example_maps_onto_the_replication_section()
    {
        using var file = ConfigFile.Write(ExampleFile.Yaml);

        var options = file.Read(ExampleFile.Credentials);

        Assert.Empty(options.Problems());
        Assert.Equal("company-data", options.Bucket);
        Assert.Equal([file.DataFolder + "/"], options.WatchFolders);
        var client = Assert.Single(options.Clients);
        Assert.Equal(Guid.Parse(ExampleFile.TenantA), client.TenantId);
        Assert.Equal(Path.Combine(file.DataFolder, $"{ExampleFile.TenantA}.db"), client.DbPath);
        Assert.Equal($"databases/{ExampleFile.TenantA}", client.S3Prefix);
        Assert.Equal(TimeSpan.FromHours(168), client.Retention);
        Assert.Equal(TimeSpan.FromSeconds(1), client.SyncInterval);
        Assert.Null(client.SnapshotInterval);
        Assert.Equal("tenant-a-access", client.S3?.AccessKey);
        Assert.Equal("tenant-a-secret", client.S3?.SecretKey);
        Assert.True(options.AutoDiscovery.Enabled);
        Assert.Equal(["*.db"], options.AutoDiscovery.Patterns);
        Assert.True(options.AutoDiscovery.GuidValidation);
        Assert.Equal(@"tenants/(?<tenant>[0-9a-f-]{36})/[^/]+\.db", options.AutoDiscovery.TenantPattern);
        Assert.Equal(TimeSpan.FromHours(24), options.Retention);
        Assert.Equal(TimeSpan.FromSeconds(1), options.SyncInterval);
        Assert.Equal(TimeSpan.FromHours(1), options.SnapshotInterval);
        Assert.Equal((1000, 10, 10, 60), (options.MaxTenants, options.MaxDatabasesPerTenant, options.MaxConcurrentSyncs, options.RequestsPerMinutePerTenant));
    }

    [Fact]
    public void The_example_file_shipped_with_the_service_parses_without_problems()
    {
        var example = Path.Combine(RepositoryRoot(), "services", "Replication", "replication.example.yml");
        using var file = ConfigFile.Write(File.ReadAllText(example).Replace("/data", "{data}", StringComparison.Ordinal));

        var options = file.Read(new Dictionary<string, string?>
        {
            ["TENANT_A_ACCESS_KEY"] = "a", ["TENANT_A_SECRET_KEY"] = "a", ["TENANT_B_ACCESS_KEY"] = "b", ["TENANT_B_SECRET_KEY"] = "b",
        });

        Assert.Empty(options.Problems());
        Assert.NotEmpty(options.Clients);
    }

    [Theory]
    [InlineData("168h", 168 * 3600_000L)]
    [InlineData("30m", 30 * 60_000L)]
    [InlineData("1s", 1000L)]
    [InlineData("500ms", 500L)]
    [InlineData("1h30m", 90 * 60_000L)]
    [InlineData("00:00:01.5", 1500L)]
    [InlineData("7.00:00:00", 7 * 24 * 3600_000L)]
    public void Durations_accept_units_and_timespan_text(string text, long milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1y")]
    [InlineData("h")]
    [InlineData("1h 30m")]
    [InlineData("-1s")]
    [InlineData("99999999999999h")]
    public void Durations_refuse_anything_else(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void Durations_with_units_are_accepted_from_any_source()
    {
        using var file = ConfigFile.Write("autoDiscovery: { watchPaths: [ {data} ] }\nreplicaFolder: {data}/../replicas\n");

        var options = file.Read(after: new Dictionary<string, string?> { ["Replication:DiscoveryInterval"] = "250ms" });

        Assert.Empty(options.Problems());
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.DiscoveryInterval);
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Directory.Packages.props")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("The repository root was not found above the test's folder.");
    }
}
