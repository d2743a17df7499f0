using System.Net;
using System.Net.Http.Json;
using Platform.Catalog.Apis;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

public sealed class PostgresProductListTests() : ProductListTests(StoreKind.Postgres);

public sealed class SqliteProductListTests() : ProductListTests(StoreKind.Sqlite);

/// <summary>The product list's pages, filters and orders, alike for a tenant of each store.</summary>
public abstract class ProductListTests(StoreKind store) : IAsyncLifetime
{
    private readonly CatalogFixture catalog = new();
    private HttpClient client = null!;
    private Guid tenant;
    private CategoryResponse home = null!;
    private CategoryResponse kitchen = null!;
    private CategoryResponse garden = null!;

    public async Task InitializeAsync()
    {
        await catalog.InitializeAsync();
        tenant = await catalog.ProvisionAsync(store);
        client = catalog.ClientFor(tenant);
        home = await client.CreateCategoryAsync(new { name = "Casa" });
        kitchen = await client.CreateCategoryAsync(new { name = "Cozinha", parentId = home.Id });
        garden = await client.CreateCategoryAsync(new { name = "Jardim" });
        await client.CreateProductAsync(new { name = "Caneca Azul", priceCents = 1990, categoryId = kitchen.Id, tags = new[] { "louça" } });
        await client.CreateProductAsync(new { name = "Ávila panela", priceCents = 8990, categoryId = kitchen.Id, tags = new[] { "inox" } });
        await client.CreateProductAsync(new { name = "Vaso de cerâmica", priceCents = 4990, categoryId = garden.Id, tags = new[] { "louça" }, active = false });
        await client.CreateProductAsync(new { name = "caneca vermelha", priceCents = 1990, categoryId = home.Id });
        await client.CreateProductAsync(new { name = "Regador", priceCents = 2990, categoryId = garden.Id });
        var deleted = await client.CreateProductAsync(new { name = "Caneca quebrada", priceCents = 10 });
        (await client.DeleteAsync($"/api/products/{deleted.Id}")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await catalog.DisposeAsync();
    }

    [Theory]
    [InlineData("sort=name", "Ávila panela,Caneca Azul,caneca vermelha,Regador,Vaso de cerâmica")]
    [InlineData("sort=-name", "Vaso de cerâmica,Regador,caneca vermelha,Caneca Azul,Ávila panela")]
    [InlineData("sort=createdAt", "Caneca Azul,Ávila panela,Vaso de cerâmica,caneca vermelha,Regador")]
    [InlineData("", "Regador,caneca vermelha,Vaso de cerâmica,Ávila panela,Caneca Azul")]
    [InlineData("categoryId={home}&sort=name", "Ávila panela,Caneca Azul,caneca vermelha")]
    [InlineData("categoryId={kitchen}&sort=name", "Ávila panela,Caneca Azul")]
    [InlineData("active=false", "Vaso de cerâmica")]
    [InlineData("tag=LOUÇA&sort=name", "Caneca Azul,Vaso de cerâmica")]
    [InlineData("minPriceCents=1990&maxPriceCents=4990&sort=-price", "Vaso de cerâmica,Regador,caneca vermelha,Caneca Azul")]
    [InlineData("q=CANECA&sort=name", "Caneca Azul,caneca vermelha")]
    [InlineData("q=avila&sort=name", "Ávila panela")]
    [InlineData("q=ceramica", "Vaso de cerâmica")]
    [InlineData("q=100%25", "")]
    [InlineData("q=a_u", "")]
    [InlineData("categoryId={garden}&active=true&tag=louça", "")]
    public async Task Filters_and_orders_match_in_both_stores(string query, string expected)
    {
        var path = "/api/products?" + query.Replace("{home}", $"{home.Id}").Replace("{kitchen}", $"{kitchen.Id}").Replace("{garden}", $"{garden.Id}");

        var page = (await client.GetFromJsonAsync<ProductPageResponse>(path))!;

        Assert.Equal(expected, string.Join(",", page.Items.Select(product => product.Name)));
        Assert.Equal(page.Items.Count, page.Total);
    }

    [Fact]
    public async Task Pages_of_equal_prices_neither_overlap_nor_skip_and_report_the_total_past_the_last()
    {
        var seen = new List<Guid>();
        for (var number = 1; number <= 3; number++)
        {
            var page = (await client.GetFromJsonAsync<ProductPageResponse>($"/api/products?sort=price&pageSize=2&page={number}"))!;
            Assert.Equal((number, 2, 5L), (page.Page, page.PageSize, page.Total));
            seen.AddRange(page.Items.Select(product => product.Id));
        }

        var all = (await client.GetFromJsonAsync<ProductPageResponse>("/api/products?sort=price&pageSize=100"))!;
        Assert.Equal(all.Items.Select(product => product.Id), seen);
        var ties = all.Items.Where(product => product.PriceCents == 1990).Select(product => product.Id).ToList();
        Assert.Equal(ties.Order(), ties);
        var past = (await client.GetFromJsonAsync<ProductPageResponse>("/api/products?page=9"))!;
        Assert.Empty(past.Items);
        Assert.Equal(5, past.Total);
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("sort=popularity", "sort")]
    [InlineData("sort=-", "sort")]
    [InlineData("minPriceCents=-1", "minPriceCents")]
    [InlineData("minPriceCents=500&maxPriceCents=100", "maxPriceCents")]
    public async Task Unacceptable_parameters_are_a_400_problem_naming_them(string query, string parameter)
    {
        using var response = await client.GetAsync($"/api/products?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ProblemTypes.Validation, await response.ProblemTypeAsync());
        Assert.Equal([parameter], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Unparsable_parameters_are_a_400_problem()
    {
        foreach (var query in new[] { "active=maybe", "page=first", "categoryId=cozinha" })
        {
            using var response = await client.GetAsync($"/api/products?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(ProblemTypes.BadRequest, await response.ProblemTypeAsync());
        }
    }
}
