using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Catalog.Apis;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

public sealed class PostgresRedisTests() : RedisTests(StoreKind.Postgres);

public sealed class SqliteRedisTests() : RedisTests(StoreKind.Sqlite);

/// <summary>Catalog on Redis, for a tenant of each store: cached reads never stale, rate limits, realtime stock, Redis down.</summary>
public abstract class RedisTests(StoreKind store)
{
    [Fact]
    public async Task A_cached_product_is_never_served_stale_after_an_update_a_category_rename_or_a_deletion()
    {
        await using var catalog = new CatalogFixture();
        await catalog.InitializeAsync();
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        var category = await client.CreateCategoryAsync(new { name = "Cozinha" });
        var product = await client.CreateProductAsync(new { name = "Caneca", priceCents = 1990, categoryId = category.Id });

        Assert.Equal("Caneca", (await ReadAsync(client, product.Id)).Name);
        await Eventually.MatchAsync(() => catalog.Redis.KeysAsync($"t:{tenant}:product:*"), keys => keys.Count == 1, what: "product cached");
        Assert.Equal("Caneca", (await ReadAsync(client, product.Id)).Name);

        using (var renamed = await client.PatchAsync($"/api/products/{product.Id}", new { name = "Caneca grande" }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        Assert.Equal("Caneca grande", (await ReadAsync(client, product.Id)).Name);
        using (var categoryRenamed = await client.PatchAsync($"/api/categories/{category.Id}", new { name = "Copa e cozinha" }))
        {
            Assert.Equal(HttpStatusCode.OK, categoryRenamed.StatusCode);
        }

        Assert.Equal("Copa e cozinha", (await ReadAsync(client, product.Id)).Category);
        using (var deleted = await client.DeleteAsync($"/api/products/{product.Id}"))
        {
            Assert.True(deleted.IsSuccessStatusCode);
        }

        using var gone = await client.GetAsync($"/api/products/{product.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_cached_read_serves_the_very_body_and_ETag_the_write_of_its_version_returned()
    {
        await using var catalog = new CatalogFixture();
        await catalog.InitializeAsync();
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        var product = await client.CreateProductAsync(new { name = "Bule", priceCents = 8900, specifications = new { litros = 1.2, cor = "azul" } });

        using var patched = await client.PatchAsync($"/api/products/{product.Id}", new { tags = new[] { "chá", "presente" } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var written = await patched.Content.ReadAsStringAsync();
        for (var read = 0; read < 3; read++) // the first read loads the cache, the others are hits
        {
            using var response = await client.GetAsync($"/api/products/{product.Id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(patched.Headers.ETag, response.Headers.ETag);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(written, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Requests_over_the_limit_get_a_429_with_Retry_After_and_other_tenants_keep_their_budget()
    {
        await using var catalog = new CatalogFixture();
        catalog.Settings["RateLimiting:PermitsPerWindow"] = "5";
        await catalog.InitializeAsync();
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        using var neighbour = catalog.ClientFor(await catalog.ProvisionAsync(store));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await client.GetAsync("/api/orders");
            statuses.Add(response.StatusCode);
            refused = response;
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.True(refused!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(ProblemTypes.TooManyRequests, await refused.ProblemTypeAsync());
        using var other = await neighbour.GetAsync("/api/orders");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_shops_event_stream_gets_its_own_stock_changes_and_never_another_shops()
    {
        await using var catalog = new CatalogFixture();
        await catalog.InitializeAsync();
        var tenant = await catalog.ProvisionAsync(store);
        var neighbour = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        using var neighbourClient = catalog.ClientFor(neighbour);
        var product = await client.CreateProductAsync(new { name = "Caneca", priceCents = 1990 });
        var neighbourProduct = await neighbourClient.CreateProductAsync(new { name = "Prato", priceCents = 990 });

        using var stream = catalog.ClientFor(tenant);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        using var response = await stream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": connected", await reader.ReadLineAsync());

        using (var other = await neighbourClient.PostAsJsonAsync($"/api/products/{neighbourProduct.Id}/restock", new { quantity = 3 }))
        {
            other.EnsureSuccessStatusCode();
        }

        using (var own = await client.PostAsJsonAsync($"/api/products/{product.Id}/restock", new { quantity = 7 }))
        {
            own.EnsureSuccessStatusCode();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? data = null;
        while (data is null)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line?.StartsWith("event: ", StringComparison.Ordinal) == true)
            {
                Assert.Equal("event: stock-changed", line);
            }

            data = line?.StartsWith("data: ", StringComparison.Ordinal) == true ? line["data: ".Length..] : null;
        }

        using var payload = JsonDocument.Parse(data);
        Assert.Equal(product.Id, payload.RootElement.GetProperty("productId").GetGuid());
        Assert.Equal(7, payload.RootElement.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task With_Redis_down_reads_and_writes_are_served_and_health_is_degraded_not_failed()
    {
        await using var redis = await DisposableRedisServer.StartAsync();
        await using var catalog = new CatalogFixture();
        catalog.Settings["ConnectionStrings:redis"] = redis.ConnectionString;
        catalog.Settings["Redis:OperationTimeout"] = "00:00:00.500";
        await catalog.InitializeAsync();
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        var product = await client.CreateProductAsync(new { name = "Caneca", priceCents = 1990 });
        Assert.Equal("Caneca", (await ReadAsync(client, product.Id)).Name);

        await redis.StopAsync();

        Assert.Equal("Caneca", (await ReadAsync(client, product.Id)).Name);
        using (var renamed = await client.PatchAsync($"/api/products/{product.Id}", new { name = "Caneca nova" }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        Assert.Equal("Caneca nova", (await ReadAsync(client, product.Id)).Name);
        using var anonymous = catalog.AnonymousClient();
        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Degraded", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("Degraded", report.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }

    private static async Task<ProductResponse> ReadAsync(HttpClient client, Guid productId) =>
        (await client.GetFromJsonAsync<ProductResponse>($"/api/products/{productId}"))!;
}
