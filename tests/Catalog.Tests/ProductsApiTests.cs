using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Catalog.Apis;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

public sealed class PostgresProductsApiTests() : ProductsApiTests(StoreKind.Postgres);

public sealed class SqliteProductsApiTests() : ProductsApiTests(StoreKind.Sqlite);

/// <summary>The products API for a tenant of each store: the same tests run against PostgreSQL and SQLite.</summary>
public abstract class ProductsApiTests(StoreKind store) : IAsyncLifetime
{
    private readonly CatalogFixture catalog = new();
    private Guid tenant;

    public async Task InitializeAsync()
    {
        await catalog.InitializeAsync();
        tenant = await catalog.ProvisionAsync(store);
    }

    public Task DisposeAsync() => catalog.DisposeAsync();

    [Fact]
    public async Task A_created_product_is_stored_returned_and_announced()
    {
        using var client = catalog.ClientFor(tenant);

        using var response = await client.PostAsJsonAsync("/api/products", new
        {
            name = "  Tênis de Corrida  ",
            description = "Leve e confortável",
            priceCents = 29990,
            category = "calçados",
            tags = new[] { "Esporte", "corrida", "esporte" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<ProductResponse>())!;
        Assert.Equal($"/api/products/{created.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Tênis de Corrida", created.Name);
        Assert.Equal("BRL", created.Currency);
        Assert.Equal(["esporte", "corrida"], created.Tags);
        Assert.Equal(1, created.Version);

        var read = await client.GetFromJsonAsync<ProductResponse>($"/api/products/{created.Id}");
        Assert.Equivalent(created, read);

        var announced = await catalog.Events.WaitForAsync(e => e.ProductId == created.Id);
        Assert.Equal(tenant, announced.TenantId);
        Assert.Equal(29990, announced.PriceCents);
        Assert.Equal(created.Version, announced.Version);
        Assert.NotEqual(Guid.Empty, announced.Id);
    }

    [Fact]
    public async Task An_invalid_product_is_a_400_problem_naming_each_field_and_changes_nothing()
    {
        using var client = catalog.ClientFor(tenant);

        using var response = await client.PostAsJsonAsync("/api/products", new
        {
            name = " ",
            priceCents = -1,
            currency = "reais",
            tags = Enumerable.Range(0, 30).Select(i => $"tag{i}").ToArray(),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.Validation, problem.RootElement.GetProperty("type").GetString());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(field => field.Name).Order();
        Assert.Equal(["currency", "name", "priceCents", "tags"], fields);

        Assert.Equal(0, await catalog.StoredProductsAsync(tenant));
        Assert.Equal(0, await catalog.OutboxMessagesAsync(tenant));
        await Task.Delay(300);
        Assert.Empty(catalog.Events.Drain());
    }

    [Fact]
    public async Task Text_with_a_nul_character_is_a_400_problem_and_changes_nothing()
    {
        using var client = catalog.ClientFor(tenant);

        using var response = await client.PostAsJsonAsync("/api/products", new { name = "Caneca\u0000azul", priceCents = 1990 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await catalog.StoredProductsAsync(tenant));
        Assert.Equal(0, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task A_body_of_the_wrong_shape_is_a_400_problem()
    {
        using var client = catalog.ClientFor(tenant);

        using var response = await client.PostAsJsonAsync("/api/products", new { name = "Caneca", priceCents = "cheap" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task One_tenant_never_sees_another_tenants_product()
    {
        using var owner = catalog.ClientFor(tenant);
        using var stranger = catalog.ClientFor(await catalog.ProvisionAsync(store));
        using var created = await owner.PostAsJsonAsync("/api/products", new { name = "Caneca", priceCents = 1990 });
        var product = (await created.Content.ReadFromJsonAsync<ProductResponse>())!;

        using var response = await stranger.GetAsync($"/api/products/{product.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.NotFound, problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Requests_without_a_token_or_without_a_tenant_in_it_are_refused_and_change_nothing()
    {
        using var anonymous = catalog.AnonymousClient();
        using var operatorClient = catalog.AnonymousClient();
        operatorClient.DefaultRequestHeaders.Authorization = new("Bearer", catalog.Tokens.Issue(tenantId: null, "superadmin"));

        using var withoutToken = await anonymous.PostAsJsonAsync("/api/products", new { name = "Caneca", priceCents = 1990 });
        using var withoutTenant = await operatorClient.PostAsJsonAsync("/api/products", new { name = "Caneca", priceCents = 1990 });

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withoutTenant.StatusCode);
        Assert.Equal(0, await catalog.StoredProductsAsync(tenant));
        Assert.Equal(0, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task A_forged_tenant_header_is_ignored_the_token_decides()
    {
        using var client = catalog.ClientFor(tenant);
        client.DefaultRequestHeaders.Add("X-Tenant-Id", Guid.NewGuid().ToString());

        using var created = await client.PostAsJsonAsync("/api/products", new { name = "Caneca", priceCents = 1990 });

        var product = (await created.Content.ReadFromJsonAsync<ProductResponse>())!;
        Assert.Equal(1, await catalog.StoredProductsAsync(tenant));
        Assert.NotNull(await (await catalog.StoreOfAsync(tenant)).Products.FindAsync(product.Id, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_product_id_is_a_404_and_a_malformed_one_is_not_routed()
    {
        using var client = catalog.ClientFor(tenant);

        using var unknown = await client.GetAsync($"/api/products/{Guid.NewGuid()}");
        using var malformed = await client.GetAsync("/api/products/not-a-guid");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }
}
