using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Catalog.Analytics;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

public sealed class PostgresAnalyticsApiTests() : AnalyticsApiTests(StoreKind.Postgres);

public sealed class SqliteAnalyticsApiTests() : AnalyticsApiTests(StoreKind.Sqlite);

/// <summary>Per-product analytics for a tenant of each store: views as counted, sales as delivered.</summary>
public abstract class AnalyticsApiTests(StoreKind store) : ShopTests(store)
{
    [Fact]
    public async Task Stats_count_the_products_views_and_its_delivered_orders_and_units_only()
    {
        var product = (await client.CreateProductAsync(new { name = "Caneca", priceCents = 1990 })).Id;
        (await client.PostAsJsonAsync($"/api/products/{product}/restock", new { quantity = 20 })).EnsureSuccessStatusCode();
        var delivered = await PlaceAsync(product, 2);
        var cancelled = await PlaceAsync(product, 3);
        foreach (var step in new[] { "confirm", "ship", "deliver" })
        {
            (await client.PostAsync($"/api/orders/{delivered}/{step}", null)).EnsureSuccessStatusCode();
        }

        (await client.PostAsync($"/api/orders/{cancelled}/cancel", null)).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync($"/api/products/{product}")).EnsureSuccessStatusCode();
        }

        await catalog.Services.GetRequiredService<ProductViewsFlusher>().FlushAsync(CancellationToken.None);

        var stats = (await client.GetFromJsonAsync<ProductStats>($"/api/products/{product}/stats"))!;
        var today = Assert.Single(stats.Days);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), today.Day);
        Assert.Equal((3L, 1L, 2L), (today.Views, today.Orders, today.UnitsSold));
        Assert.Equal((3L, 1L, 2L), (stats.Views, stats.Orders, stats.UnitsSold));
    }

    [Fact]
    public async Task A_bad_period_is_a_400_and_an_unknown_or_other_shops_product_a_404()
    {
        var product = (await client.CreateProductAsync(new { name = "Caneca", priceCents = 1990 })).Id;
        using var stranger = catalog.ClientFor(await catalog.ProvisionAsync(Store));

        using var reversed = await client.GetAsync($"/api/products/{product}/stats?from=2026-02-01&to=2026-01-01");
        using var tooLong = await client.GetAsync($"/api/products/{product}/stats?from=2024-01-01&to=2026-01-01");
        using var unknown = await client.GetAsync($"/api/products/{Guid.NewGuid()}/stats");
        using var foreign = await stranger.GetAsync($"/api/products/{product}/stats");

        Assert.Equal(ProblemTypes.Validation, await reversed.ProblemTypeAsync());
        Assert.Equal(ProblemTypes.Validation, await tooLong.ProblemTypeAsync());
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (unknown.StatusCode, foreign.StatusCode));
    }

    private async Task<Guid> PlaceAsync(Guid product, int quantity)
    {
        using var response = await client.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product, quantity } } });
        response.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }
}
