using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Replication.Apis;
using Platform.Replication.Engine;
using Platform.ServiceDefaults.Http;

namespace Platform.Replication.Tests;

/// <summary>The service around the engine: discovery, the control API and the restore command, on real SQLite files.</summary>
public sealed class ControlApiTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private ReplicationService service = null!;

    public async Task InitializeAsync() => service = await ReplicationService.StartAsync();

    public async Task DisposeAsync() => await service.DisposeAsync();

    [Fact]
    public async Task A_database_dropped_into_the_folder_is_replicated_and_restores_through_the_api_and_the_command()
    {
        var tenant = Guid.NewGuid();
        var source = Path.Combine(service.WatchFolder, $"{tenant}.db");
        await ReplicationService.WriteRowsAsync(source, 0, 20);
        using var client = service.OperatorClient();

        var health = await Eventually.MatchAsync(
            async () =>
            {
                using var response = await client.GetAsync($"/api/health/clients/{tenant}");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<TenantHealth>(Json) : null;
            },
            found => found?.Statuses is [{ State: ReplicatorState.Replicating, LastSyncAt: not null }],
            what: "the discovered database replicating");
        Assert.Equal((1, tenant.ToString()), (health!.Databases, health.Statuses[0].DatabaseName));
        await ReplicationService.WriteRowsAsync(source, 20, 30);
        var expected = await ReplicationService.RowsAsync(source);

        var restored = await Eventually.MatchAsync(
            async () =>
            {
                using var response = await client.PostAsJsonAsync($"/api/databases/{tenant}/{tenant}/restore", new { });
                var result = (await response.Content.ReadFromJsonAsync<RestoreResult>(Json))!;
                return await ReplicationService.RowsAsync(result.OutputPath);
            },
            rows => rows.Count == expected.Count,
            what: "every row shipped and restored");
        Assert.Equal(expected, restored);
        Assert.All(Directory.GetFiles(service.RestoreFolder, "*.db", SearchOption.AllDirectories),
            file => Assert.StartsWith(Path.Combine(service.RestoreFolder, tenant.ToString()), file));

        var output = Path.Combine(service.Root, "restored-by-command.db");
        using var console = new StringWriter();
        var exit = await RestoreCommand.RunAsync(["restore", "--tenant", tenant.ToString(), "--output", output], service.Configuration, console, default);
        Assert.True(exit == 0, console.ToString());
        Assert.Equal(expected, await ReplicationService.RowsAsync(output));
        Assert.Equal(2, await RestoreCommand.RunAsync(["restore", "--tenant", "not-a-guid", "--output", output], service.Configuration, TextWriter.Null, default));
        Assert.Equal(1, await RestoreCommand.RunAsync(["restore", "--tenant", Guid.NewGuid().ToString(), "--output", output + ".2"], service.Configuration, TextWriter.Null, default));

        File.Delete(source);
        await Eventually.MatchAsync(
            async () => (await client.GetAsync($"/api/health/clients/{tenant}")).StatusCode, status => status == HttpStatusCode.NotFound,
            what: "a deleted database no longer replicated");
    }

    [Fact]
    public async Task With_a_bucket_configured_replicas_go_to_S3_and_the_command_restores_from_there()
    {
        await using var buckets = TestBuckets.Create("replication");
        await using var onS3 = await ReplicationService.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:objectstorage"] = buckets.ConnectionString,
            ["Replication:Bucket"] = buckets.PrivateBucket,
        });
        var tenant = Guid.NewGuid();
        var source = Path.Combine(onS3.WatchFolder, $"{tenant}.db");
        await ReplicationService.WriteRowsAsync(source, 0, 25);
        var expected = await ReplicationService.RowsAsync(source);
        var output = Path.Combine(onS3.Root, "from-s3.db");

        await Eventually.MatchAsync(
            async () => await RestoreCommand.RunAsync(["restore", "--tenant", tenant.ToString(), "--output", output, "--overwrite"],
                onS3.Configuration, TextWriter.Null, default) == 0 && (await ReplicationService.RowsAsync(output)).Count == expected.Count,
            restored => restored,
            what: "the database restored from the bucket");

        Assert.Equal(expected, await ReplicationService.RowsAsync(output));
        Assert.False(Directory.Exists(Path.Combine(onS3.Root, "replicas")));
    }

    [Fact]
    public async Task A_sqlite_shop_announced_by_Admin_is_replicated_as_soon_as_its_file_appears()
    {
        // Discovery scans only once an hour here: what registers the shop is the event.
        await using var eventDriven = await ReplicationService.StartAsync(new Dictionary<string, string?> { ["Replication:DiscoveryInterval"] = "01:00:00" });
        var tenant = Guid.NewGuid();
        var postgresShop = Guid.NewGuid();
        using var client = eventDriven.OperatorClient();
        await Eventually.MatchAsync(
            async () =>
            {
                // 503 (Unhealthy) until the bus is connected: not bound yet, look again.
                using var health = await client.GetAsync("/health");
                return health.IsSuccessStatusCode ? JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString() : null;
            },
            status => status == "Healthy", what: "the consumer bound");
        await ReplicationService.WriteRowsAsync(Path.Combine(eventDriven.WatchFolder, $"{postgresShop}.db"), 0, 1);

        await using (var admin = await TestBus<Contracts.Admin.TenantProvisioned>.StartAsync(eventDriven.VirtualHost.AmqpUri))
        {
            foreach (var (id, type) in new[] { (tenant, "sqlite"), (postgresShop, "postgres") })
            {
                await admin.PublishAsync(new Contracts.Admin.TenantProvisioned(Guid.NewGuid(), DateTimeOffset.UtcNow, id, "Loja", type,
                    new Dictionary<string, string>(), Guid.NewGuid(), 100, 5, []));
            }
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500)); // as Catalog creates the file a moment after the event
        await ReplicationService.WriteRowsAsync(Path.Combine(eventDriven.WatchFolder, $"{tenant}.db"), 0, 3);

        await Eventually.MatchAsync(
            async () => (await client.GetFromJsonAsync<List<ReplicationStatus>>("/api/databases", Json))!,
            statuses => statuses.Any(status => status.TenantId == tenant),
            what: "the announced shop replicated");
        Assert.DoesNotContain((await client.GetFromJsonAsync<List<ReplicationStatus>>("/api/databases", Json))!, status => status.TenantId == postgresShop);
    }

    [Fact]
    public async Task Operators_pause_resume_and_remove_a_database_and_nested_databases_are_registered_by_name()
    {
        var tenant = Guid.NewGuid();
        Directory.CreateDirectory(Path.Combine(service.WatchFolder, tenant.ToString()));
        await ReplicationService.WriteRowsAsync(Path.Combine(service.WatchFolder, tenant.ToString(), "orders.db"), 0, 5);
        using var client = service.OperatorClient();

        using var registered = await client.PostAsJsonAsync("/api/databases", new { tenantId = tenant, databaseName = "orders" });
        Assert.Contains(registered.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK });
        using var paused = await client.PutAsJsonAsync($"/api/databases/{tenant}/orders/status", new { status = "paused" });
        Assert.Equal(ReplicatorState.Paused, (await paused.Content.ReadFromJsonAsync<ReplicationStatus>(Json))!.State);
        using var resumed = await client.PutAsJsonAsync($"/api/databases/{tenant}/orders/status", new { status = "replicating" });
        Assert.NotEqual(ReplicatorState.Paused, (await resumed.Content.ReadFromJsonAsync<ReplicationStatus>(Json))!.State);
        using var bogus = await client.PutAsJsonAsync($"/api/databases/{tenant}/orders/status", new { status = "sleeping" });
        Assert.Equal(HttpStatusCode.BadRequest, bogus.StatusCode);

        var listed = (await client.GetFromJsonAsync<List<ReplicationStatus>>("/api/databases", Json))!;
        Assert.Contains(listed, status => status.TenantId == tenant && status.DatabaseName == "orders");
    }

    [Fact]
    public async Task Only_operators_reach_the_api_and_names_paths_and_links_out_of_the_folder_are_refused()
    {
        var tenant = Guid.NewGuid();
        using var anonymous = service.Factory.CreateClient();
        using var shopOwner = service.Factory.CreateClient();
        shopOwner.DefaultRequestHeaders.Authorization = new("Bearer", service.Tokens.Issue(tenant, "owner"));
        using var client = service.OperatorClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/databases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await shopOwner.GetAsync("/api/databases")).StatusCode);

        // A link in the watched folder to a database elsewhere: never opened, by the API or by discovery.
        var outside = Path.Combine(service.Root, "outside.db");
        await ReplicationService.WriteRowsAsync(outside, 0, 3);
        File.CreateSymbolicLink(Path.Combine(service.WatchFolder, $"{tenant}.db"), outside);
        using var linked = await client.PostAsJsonAsync("/api/databases", new { tenantId = tenant });
        using var traversal = await client.PostAsJsonAsync("/api/databases", new { tenantId = tenant, databaseName = "../outside" });
        using var absolute = await client.PostAsJsonAsync("/api/databases", new { tenantId = tenant, databaseName = "/etc/passwd" });
        using var noTenant = await client.PostAsJsonAsync("/api/databases", new { tenantId = Guid.Empty, databaseName = "x" });
        using var encoded = await client.DeleteAsync($"/api/databases/{tenant}/..%2F..%2Fetc");
        using var unknown = await client.DeleteAsync($"/api/databases/{tenant}/nothing");

        Assert.Equal(HttpStatusCode.NotFound, linked.StatusCode);
        await AssertInvalidAsync(traversal, "databaseName");
        await AssertInvalidAsync(absolute, "databaseName");
        await AssertInvalidAsync(noTenant, "tenantId");
        Assert.Equal(HttpStatusCode.BadRequest, encoded.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1)); // five discovery scans
        Assert.DoesNotContain((await client.GetFromJsonAsync<List<ReplicationStatus>>("/api/databases", Json))!, status => status.TenantId == tenant);
    }

    private static async Task AssertInvalidAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.Validation, problem.RootElement.GetProperty("type").GetString());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
    }
}
