extern alias catalog;
extern alias search;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Admin;
using Platform.ServiceDefaults.Telemetry;
using CatalogProgram = catalog::Program;
using SearchProgram = search::Program;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The first slice through every real part: Catalog's HTTP API, PostgreSQL, RabbitMQ, Search's consumer,
/// its PostgreSQL index and its query API, with one trace from the request to the consumer.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProductToSearchTests : IAsyncLifetime
{
    private readonly ConcurrentBag<Activity> activities = [];
    private readonly string sqliteDirectory = Path.Combine(Path.GetTempPath(), "e2e-tenants", Guid.NewGuid().ToString("N"));
    private ActivityListener listener = null!;
    private readonly TestBuckets buckets = TestBuckets.Create("e2e");
    private TestDatabase catalogDatabase = null!;
    private TestDatabase searchDatabase = null!;
    private TestVirtualHost vhost = null!;
    private TestTokenIssuer tokens = null!;
    private ServiceFactory<CatalogProgram> catalogService = null!;
    private ServiceFactory<SearchProgram> searchService = null!;
    private Uri catalogUrl = null!;

    public async Task InitializeAsync()
    {
        listener = new ActivityListener
        {
            // What an OpenTelemetry exporter would listen to (TelemetryExtensions.TracingSources): the outbox relay's own
            // activity on the platform's source is what carries the request's trace over to the publish.
            ShouldListenTo = source => TelemetryExtensions.TracingSources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);

        catalogDatabase = await TestDatabase.CreateAsync("e2e_catalog");
        searchDatabase = await TestDatabase.CreateAsync("e2e_search");
        vhost = await TestVirtualHost.CreateAsync();
        tokens = await TestTokenIssuer.StartAsync();
        // On a real port: Search reads Catalog over HTTP when it rebuilds an index.
        catalogUrl = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        catalogService = new ServiceFactory<CatalogProgram>(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = tokens.Authority,
            ["ConnectionStrings:catalogdb"] = catalogDatabase.ConnectionString,
            ["ConnectionStrings:messaging"] = vhost.AmqpUri,
            ["Catalog:Sqlite:DataDirectory"] = sqliteDirectory,
            ["ConnectionStrings:redis"] = TestEnvironment.Redis,
            ["Redis:KeyPrefix"] = $"e2e:{Guid.NewGuid():N}",
            ["ConnectionStrings:objectstorage"] = buckets.ConnectionString,
            ["ObjectStorage:PublicBucket"] = buckets.PublicBucket,
            ["ObjectStorage:PrivateBucket"] = buckets.PrivateBucket,
        });
        catalogService.UseKestrel(catalogUrl.Port);
        catalogService.StartServer();
        searchService = StartSearch();

        // Both must have bound their queues before anything is published, as in a running platform.
        foreach (var client in new[] { searchService.CreateClient(), catalogService.CreateClient() })
        {
            using (client)
            {
                await Eventually.MatchAsync(
                    async () => JsonDocument.Parse(await (await client.GetAsync("/health")).Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString(),
                    status => status == "Healthy",
                    what: "service healthy");
            }
        }
    }

    private ServiceFactory<SearchProgram> StartSearch() => new(new Dictionary<string, string?>
    {
        ["Auth:Authority"] = tokens.Authority,
        ["ConnectionStrings:searchdb"] = searchDatabase.ConnectionString,
        ["ConnectionStrings:messaging"] = vhost.AmqpUri,
        ["services:catalog-api:http:0"] = catalogUrl.ToString(),
    });

    public async Task DisposeAsync()
    {
        await catalogService.DisposeAsync();
        await searchService.DisposeAsync();
        await vhost.DisposeAsync();
        await tokens.DisposeAsync();
        await catalogDatabase.DisposeAsync();
        await searchDatabase.DisposeAsync();
        await buckets.DisposeAsync();
        listener.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(sqliteDirectory))
        {
            Directory.Delete(sqliteDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_product_created_in_Catalog_is_found_by_Search_within_one_trace()
    {
        var tenant = Guid.NewGuid();
        await using (var admin = await TestBus<TenantProvisioned>.StartAsync(vhost.AmqpUri))
        {
            // As Admin announces a new shop: a SQLite one, so its events leave through the file's own outbox.
            await admin.PublishAsync(new TenantProvisioned(Guid.NewGuid(), DateTimeOffset.UtcNow, tenant, "Loja", "sqlite",
                new Dictionary<string, string> { ["file"] = $"{tenant}.db" }, Guid.NewGuid(), 100, 5, []));
        }

        using var catalogClient = catalogService.CreateClient();
        using var searchClient = searchService.CreateClient();
        var token = tokens.Issue(tenant, "owner");
        catalogClient.DefaultRequestHeaders.Authorization = new("Bearer", token);
        searchClient.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var created = await Eventually.MatchAsync(
            () => catalogClient.PostAsJsonAsync("/api/products", new
            {
                name = "Cafeteira Italiana de Alumínio",
                description = "Seis xícaras, para fogão a gás",
                priceCents = 8990,
                tags = new[] { "cozinha", "café" },
            }),
            response => response.StatusCode != HttpStatusCode.NotFound,
            what: "the tenant provisioned in Catalog");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var productId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        var hits = await Eventually.MatchAsync(
            async () => JsonDocument.Parse(await searchClient.GetStringAsync("/api/search/products?q=cafeteira aluminio")).RootElement.GetProperty("hits"),
            found => found.GetArrayLength() == 1,
            what: "product found by Search");
        Assert.Equal(productId, hits[0].GetProperty("productId").GetGuid());

        var request = Assert.Single(activities, activity =>
            activity.Source.Name == "Microsoft.AspNetCore" &&
            activity.Kind == ActivityKind.Server &&
            activity.DisplayName == "POST /api/products/" &&
            Equals(activity.GetTagItem("http.response.status_code"), 201));
        var consumed = await Eventually.MatchAsync(
            () => Task.FromResult(activities.Where(activity => activity.Source.Name == "MassTransit" && activity.Kind == ActivityKind.Consumer).ToList()),
            found => found.Count > 0,
            what: "consumer activity recorded");
        Assert.Contains(consumed, activity => activity.TraceId == request.TraceId);
    }

    [Fact]
    public async Task Changes_made_while_Search_was_stopped_are_all_found_once_it_starts_again()
    {
        var (tenant, catalogClient) = await OpenPostgresShopAsync();
        using var _ = catalogClient;
        var keptId = await CreateAsync(catalogClient, "Chaleira Elétrica", 15_990);
        var removedId = await CreateAsync(catalogClient, "Chaleira Antiga", 4_990);
        await SearchUntilAsync(tenant, "q=chaleira", hits => hits.Count == 2, "both products indexed");

        await searchService.DisposeAsync();
        (await catalogClient.PatchAsJsonAsync($"/api/products/{keptId}", new { name = "Chaleira Elétrica Inox", priceCents = 17_990 })).EnsureSuccessStatusCode();
        (await catalogClient.DeleteAsync($"/api/products/{removedId}")).EnsureSuccessStatusCode();
        (await catalogClient.PostAsJsonAsync($"/api/products/{keptId}/restock", new { quantity = 7 })).EnsureSuccessStatusCode();
        var addedId = await CreateAsync(catalogClient, "Chaleira de Ferro Fundido", 25_990);
        searchService = StartSearch();

        var hits = await SearchUntilAsync(tenant, "q=chaleira&sort=price", hits =>
            hits.Count == 2 && hits[0].GetProperty("name").GetString() == "Chaleira Elétrica Inox" &&
            hits[0].TryGetProperty("available", out var available) && available.GetInt32() == 7,
            "every change made while Search was stopped");
        Assert.Equal([keptId, addedId], hits.Select(hit => hit.GetProperty("productId").GetGuid()));
        Assert.Equal(17_990, hits[0].GetProperty("priceCents").GetInt64());
    }

    /// <summary>A PostgreSQL shop announced as Admin does, and a client of its owner once Catalog has provisioned it.</summary>
    private async Task<(Guid Tenant, HttpClient Owner)> OpenPostgresShopAsync()
    {
        var tenant = Guid.NewGuid();
        await using (var admin = await TestBus<TenantProvisioned>.StartAsync(vhost.AmqpUri))
        {
            await admin.PublishAsync(new TenantProvisioned(Guid.NewGuid(), DateTimeOffset.UtcNow, tenant, "Loja", "postgres",
                new Dictionary<string, string>(), Guid.NewGuid(), 100, 5, []));
        }

        var owner = catalogService.CreateClient();
        owner.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Issue(tenant, "owner"));
        await Eventually.MatchAsync(
            () => owner.GetAsync("/api/products"), response => response.StatusCode == HttpStatusCode.OK, what: "the tenant provisioned in Catalog");
        return (tenant, owner);
    }

    private static async Task<Guid> CreateAsync(HttpClient catalogClient, string name, long priceCents)
    {
        using var response = await catalogClient.PostAsJsonAsync("/api/products", new { name, priceCents });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }

    private async Task<List<JsonElement>> SearchUntilAsync(Guid tenant, string queryString, Func<List<JsonElement>, bool> done, string what)
    {
        using var searchClient = searchService.CreateClient();
        searchClient.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Issue(tenant, "owner"));
        return await Eventually.MatchAsync(
            async () => JsonDocument.Parse(await searchClient.GetStringAsync($"/api/search/products?{queryString}")).RootElement
                .GetProperty("hits").EnumerateArray().ToList(),
            done,
            what: what);
    }

    [Fact]
    public async Task A_rebuild_from_Catalog_repairs_a_lost_stale_or_ghost_entry_while_search_keeps_answering()
    {
        var (tenant, catalogClient) = await OpenPostgresShopAsync();
        using var _ = catalogClient;
        var lost = await CreateAsync(catalogClient, "Panela de Pressão", 19_990);
        var stale = await CreateAsync(catalogClient, "Panela de Barro", 9_990);
        var intact = await CreateAsync(catalogClient, "Panela Wok", 14_990);
        await SearchUntilAsync(tenant, "q=panela", hits => hits.Count == 3, "all three indexed");

        var ghost = Guid.NewGuid();
        await using (var index = new Npgsql.NpgsqlConnection(searchDatabase.ConnectionString))
        {
            await index.OpenAsync();
            await using var damage = new Npgsql.NpgsqlBatch(index)
            {
                BatchCommands =
                {
                    new("DELETE FROM search.products WHERE tenant_id = $1 AND product_id = $2") { Parameters = { new() { Value = tenant }, new() { Value = lost } } },
                    new("UPDATE search.products SET name = 'Panela Errada', version = 0 WHERE tenant_id = $1 AND product_id = $2")
                    {
                        Parameters = { new() { Value = tenant }, new() { Value = stale } },
                    },
                    new("""
                        INSERT INTO search.products (tenant_id, product_id, name, tags, price_cents, currency, version, created_at, updated_at)
                        VALUES ($1, $2, 'Panela Fantasma', '{}', 100, 'BRL', 1, now() - interval '1 day', now() - interval '1 day')
                        """) { Parameters = { new() { Value = tenant }, new() { Value = ghost } } },
                },
            };
            await damage.ExecuteNonQueryAsync();
        }

        using var searchClient = searchService.CreateClient();
        searchClient.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Issue(tenant, "owner"));
        using var staff = searchService.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Issue(tenant, "staff"));
        using var stranger = searchService.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Issue(Guid.NewGuid(), "owner"));
        using var refused = await staff.PostAsync("/api/search/reindex", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var started = await searchClient.PostAsync("/api/search/reindex", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var progress = await Eventually.MatchAsync(
            async () => JsonDocument.Parse(await searchClient.GetStringAsync("/api/search/reindex")).RootElement,
            found => found.GetProperty("state").GetString() != "running",
            what: "the rebuild finished");
        using var notTheirs = await stranger.GetAsync("/api/search/reindex");

        Assert.Equal("completed", progress.GetProperty("state").GetString());
        Assert.Equal((3, 3, 1), (progress.GetProperty("productsRead").GetInt32(), progress.GetProperty("productsInCatalog").GetInt32(),
            progress.GetProperty("productsRetired").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        var hits = await SearchUntilAsync(tenant, "q=panela&sort=price", hits => hits.Count == 3, "the rebuilt index");
        Assert.Equal([(stale, "Panela de Barro"), (intact, "Panela Wok"), (lost, "Panela de Pressão")],
            hits.Select(hit => (hit.GetProperty("productId").GetGuid(), hit.GetProperty("name").GetString()!)));
    }
}
