using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Catalog.Figures;
using Platform.Catalog.Tenants;
using Platform.Contracts.Admin;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

public sealed class PostgresTenantLifecycleTests() : TenantLifecycleTests(StoreKind.Postgres);

public sealed class SqliteTenantLifecycleTests() : TenantLifecycleTests(StoreKind.Sqlite);

/// <summary>What Admin's tenant events change in Catalog: the plan's product limit, suspension, cancellation, figures.</summary>
public abstract class TenantLifecycleTests(StoreKind store) : IAsyncLifetime
{
    private readonly CatalogFixture catalog = new();

    public Task InitializeAsync() => catalog.InitializeAsync();

    public Task DisposeAsync() => catalog.DisposeAsync();

    [Fact]
    public async Task A_product_over_the_plans_max_products_is_a_409_problem_naming_the_limit_and_changes_nothing()
    {
        var tenant = await catalog.ProvisionAsync(store, maxProducts: 2);
        using var client = catalog.ClientFor(tenant);
        await CreateAsync(client, "Um");
        await CreateAsync(client, "Dois");

        using var refused = await client.PostAsJsonAsync("/api/products", new { name = "Três", priceCents = 300 });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.PlanLimit, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal("max_products", problem.RootElement.GetProperty("limit").GetString());
        Assert.Equal(2, problem.RootElement.GetProperty("value").GetInt32());
        Assert.Equal(2, await catalog.StoredProductsAsync(tenant));
        Assert.Equal(2, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task A_deleted_product_no_longer_counts_towards_max_products()
    {
        var tenant = await catalog.ProvisionAsync(store, maxProducts: 1);
        using var client = catalog.ClientFor(tenant);
        var first = await CreateAsync(client, "Um");

        (await client.DeleteAsync($"/api/products/{first}")).EnsureSuccessStatusCode();
        await CreateAsync(client, "Outro");

        using var refused = await client.PostAsJsonAsync("/api/products", new { name = "Mais um", priceCents = 300 });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(2, await catalog.StoredProductsAsync(tenant));
    }

    [Fact]
    public async Task A_deleted_product_frees_its_place_under_max_products()
    {
        var tenant = await catalog.ProvisionAsync(store, maxProducts: 2);
        using var client = catalog.ClientFor(tenant);
        var first = await CreateAsync(client, "Um");
        await CreateAsync(client, "Dois");

        using (var deleted = await client.DeleteAsync($"/api/products/{first}"))
        {
            Assert.True(deleted.IsSuccessStatusCode);
        }

        await CreateAsync(client, "Três");
        using var refused = await client.PostAsJsonAsync("/api/products", new { name = "Quatro", priceCents = 100 });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task Concurrent_creations_never_exceed_max_products()
    {
        var tenant = await catalog.ProvisionAsync(store, maxProducts: 5);
        using var client = catalog.ClientFor(tenant);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            using var response = await client.PostAsJsonAsync("/api/products", new { name = $"Corrida {i}", priceCents = 100 });
            return response.StatusCode;
        }));

        Assert.Equal(5, statuses.Count(status => status == HttpStatusCode.Created));
        Assert.Equal(11, statuses.Count(status => status == HttpStatusCode.Conflict));
        Assert.Equal(5, await catalog.StoredProductsAsync(tenant));
        Assert.Equal(5, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task A_plan_change_applies_the_new_limit_and_a_late_older_one_is_ignored()
    {
        var tenant = await catalog.ProvisionAsync(store, maxProducts: 1);
        using var client = catalog.ClientFor(tenant);
        await CreateAsync(client, "Um");
        var upgradedAt = DateTimeOffset.UtcNow;

        await catalog.Provisioning.ChangePlanAsync(new TenantPlanChanged(Guid.NewGuid(), upgradedAt, tenant, Guid.NewGuid(), Guid.NewGuid(), 3, 10), default);
        await catalog.Provisioning.ChangePlanAsync(new TenantPlanChanged(Guid.NewGuid(), upgradedAt.AddMinutes(-1), tenant, Guid.NewGuid(), Guid.NewGuid(), 1, 10), default);

        await CreateAsync(client, "Dois");
        await CreateAsync(client, "Três");
        using var refused = await client.PostAsJsonAsync("/api/products", new { name = "Quatro", priceCents = 100 });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task A_suspended_shop_is_refused_with_a_403_problem_until_it_is_reactivated()
    {
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        var product = await CreateAsync(client, "Antes");

        await catalog.Provisioning.ChangeStatusAsync(tenant, TenantStatus.Suspended, DateTimeOffset.UtcNow, default);

        using var read = await client.GetAsync($"/api/products/{product}");
        using var write = await client.PostAsJsonAsync("/api/products", new { name = "Durante", priceCents = 100 });
        foreach (var refused in new[] { read, write })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal(ProblemTypes.TenantSuspended, problem.RootElement.GetProperty("type").GetString());
        }

        Assert.Equal(1, await catalog.StoredProductsAsync(tenant));
        using var operatorClient = catalog.AnonymousClient();
        operatorClient.DefaultRequestHeaders.Authorization = new("Bearer", catalog.Tokens.Issue(tenantId: null, "superadmin"));
        Assert.Equal(1, (await operatorClient.GetFromJsonAsync<TenantFigures>($"/api/tenants/{tenant}/figures"))!.Products);

        await catalog.Provisioning.ChangeStatusAsync(tenant, TenantStatus.Active, DateTimeOffset.UtcNow, default);
        using var again = await client.GetAsync($"/api/products/{product}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_cancelled_shop_stays_cancelled_whatever_arrives_later()
    {
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        var cancelledAt = DateTimeOffset.UtcNow;

        await catalog.Provisioning.ChangeStatusAsync(tenant, TenantStatus.Cancelled, cancelledAt, default);
        await catalog.Provisioning.ChangeStatusAsync(tenant, TenantStatus.Active, cancelledAt.AddSeconds(1), default);

        using var refused = await client.PostAsJsonAsync("/api/products", new { name = "Depois", priceCents = 100 });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.TenantCancelled, problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Figures_count_products_low_stock_orders_and_revenue_for_the_shop_and_its_operators_only()
    {
        var tenant = await catalog.ProvisionAsync(store);
        var neighbour = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        using var neighbourClient = catalog.ClientFor(neighbour);
        var low = await CreateAsync(client, "Pouco estoque");
        var plenty = await CreateAsync(client, "Muito estoque");
        await CreateAsync(neighbourClient, "Do vizinho");
        // No API writes inventory and orders yet (issue 4); the figures must still read them right.
        await catalog.ExecuteInStoreAsync(tenant,
            $"""
            INSERT INTO catalog.inventory (tenant_id, product_id, available, low_stock_threshold) VALUES (@tenant, '{low}', 2, 5), (@tenant, '{plenty}', 50, 5);
            INSERT INTO catalog.orders (tenant_id, id, number, status, total_cents, currency, placed_at, updated_at) VALUES
                (@tenant, gen_random_uuid(), 1, 'pending', 1000, 'BRL', now(), now()),
                (@tenant, gen_random_uuid(), 2, 'confirmed', 2500, 'BRL', now(), now()),
                (@tenant, gen_random_uuid(), 3, 'delivered', 4000, 'BRL', now(), now()),
                (@tenant, gen_random_uuid(), 4, 'cancelled', 9900, 'BRL', now(), now());
            """,
            $"""
            INSERT INTO inventory (product_id, available, low_stock_threshold) VALUES ('{low}', 2, 5), ('{plenty}', 50, 5);
            INSERT INTO orders (id, number, status, total_cents, currency, placed_at, updated_at) VALUES
                ('{Guid.NewGuid()}', 1, 'pending', 1000, 'BRL', 0, 0),
                ('{Guid.NewGuid()}', 2, 'confirmed', 2500, 'BRL', 0, 0),
                ('{Guid.NewGuid()}', 3, 'delivered', 4000, 'BRL', 0, 0),
                ('{Guid.NewGuid()}', 4, 'cancelled', 9900, 'BRL', 0, 0);
            """);
        using var operatorClient = catalog.AnonymousClient();
        operatorClient.DefaultRequestHeaders.Authorization = new("Bearer", catalog.Tokens.Issue(tenantId: null, "superadmin"));

        var own = await client.GetFromJsonAsync<TenantFigures>($"/api/tenants/{tenant}/figures");
        var seenByOperator = await operatorClient.GetFromJsonAsync<TenantFigures>($"/api/tenants/{tenant}/figures");
        using var seenByNeighbour = await neighbourClient.GetAsync($"/api/tenants/{tenant}/figures");

        Assert.Equal(new TenantFigures(Products: 2, ActiveProducts: 2, LowStockProducts: 1, Orders: 4, OpenOrders: 2, RevenueCents: 6500), own);
        Assert.Equal(own, seenByOperator);
        Assert.Equal(HttpStatusCode.NotFound, seenByNeighbour.StatusCode);
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/api/products", new { name, priceCents = 1000 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Apis.ProductResponse>())!.Id;
    }
}
