using System.Net;

namespace Platform.Replication.Tests.Configuration;

/// <summary>The service started with a replication file: its clients replicate from the start under their own prefix, and tenant routes are rate limited.</summary>
public sealed class ConfigFileHostTests
{
    private static readonly Guid Tenant = Guid.Parse("12345678-1234-5678-9abc-123456789012");

    [Fact]
    public async Task A_configured_client_replicates_from_the_start_under_its_prefix_and_its_routes_are_rate_limited()
    {
        using var file = ConfigFile.Write($$"""
            clients:
              - clientId: {{Tenant}}
                dbPath: {data}/shops/main.db
                s3Prefix: custom/{{Tenant}}
                retention: 168h
            autoDiscovery: { enabled: false }
            """);
        var path = Path.Combine(file.DataFolder, "shops", "main.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await ReplicationService.WriteRowsAsync(path, 0, 10);
        await using var service = await ReplicationService.StartAsync(new Dictionary<string, string?>
        {
            ["Replication:ConfigFile"] = file.Path,
            ["Replication:WatchFolders:1"] = file.DataFolder,
            ["Replication:RequestsPerMinutePerTenant"] = "3",
        });

        await Eventually.MatchAsync(() => Task.FromResult(Directory.Exists(Path.Combine(service.Root, "replicas", "custom", Tenant.ToString("D"), "main"))),
            exists => exists, what: "the configured client's replicas under its own prefix");
        using var client = service.OperatorClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync($"/api/health/clients/{Tenant}");
            statuses.Add(response.StatusCode);
        }

        using (var refused = await client.GetAsync($"/api/health/clients/{Tenant}"))
        {
            statuses.Add(refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a refused request says when to retry");
        }

        using var otherTenant = await client.GetAsync($"/api/health/clients/{Guid.NewGuid()}");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
    }
}
