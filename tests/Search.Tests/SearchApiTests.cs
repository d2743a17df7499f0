using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults.Http;

namespace Platform.Search.Tests;

public sealed class SearchApiTests : IAsyncLifetime
{
    private readonly SearchFixture search = new();
    private readonly Guid tenant = Guid.NewGuid();

    public Task InitializeAsync() => search.InitializeAsync();

    public Task DisposeAsync() => search.DisposeAsync();

    [Theory]
    [InlineData("calcado")]
    [InlineData("CALÇADOS")]
    [InlineData("Calçado")]
    public async Task Accent_case_and_plural_variants_match(string query)
    {
        await IndexAsync(SearchFixture.Event(tenant, "Calçado Esportivo"));

        Assert.Single((await search.SearchAsync(tenant, query)).Hits);
    }

    [Fact]
    public async Task A_name_match_outranks_a_tag_match_which_outranks_a_description_match()
    {
        var inDescription = SearchFixture.Event(tenant, "Bolsa de Couro", "Combina com qualquer sapato");
        var inTags = SearchFixture.Event(tenant, "Cinto Marrom", tags: "sapato");
        var inName = SearchFixture.Event(tenant, "Sapato Social");
        await IndexAsync(inDescription, inTags, inName);

        var hits = (await search.SearchAsync(tenant, "sapato")).Hits;

        Assert.Equal([inName.ProductId, inTags.ProductId, inDescription.ProductId], hits.Select(hit => hit.ProductId));
    }

    [Fact]
    public async Task One_tenant_never_sees_another_tenants_products()
    {
        var otherTenant = Guid.NewGuid();
        await IndexAsync(SearchFixture.Event(otherTenant, "Relógio Dourado"));

        Assert.Empty((await search.SearchAsync(tenant, "relogio")).Hits);
        Assert.Single((await search.SearchAsync(otherTenant, "relogio")).Hits);
    }

    [Fact]
    public async Task Query_text_is_data_never_sql()
    {
        await IndexAsync(SearchFixture.Event(tenant, "Lápis de Cor"));

        Assert.Empty((await search.SearchAsync(tenant, "'); DROP TABLE search.products; --")).Hits);
        Assert.Single((await search.SearchAsync(tenant, "lapis")).Hits);
    }

    [Theory]
    [InlineData("/api/search/products?q=%20%20", "q")]
    [InlineData("/api/search/products?q=lapis&pageSize=0", "pageSize")]
    [InlineData("/api/search/products?q=lapis&pageSize=101", "pageSize")]
    [InlineData("/api/search/products?q=lapis&page=0", "page")]
    [InlineData("/api/search/products?q=lapis&page=101&pageSize=100", "page")]
    [InlineData("/api/search/products?minPrice=-1", "minPrice")]
    [InlineData("/api/search/products?minPrice=500&maxPrice=100", "maxPrice")]
    [InlineData("/api/search/products?sort=cheapest", "sort")]
    [InlineData("/api/search/products?tags=a&tags=b&tags=c&tags=d&tags=e&tags=f&tags=g&tags=h&tags=i&tags=j&tags=k", "tags")]
    [InlineData("/api/search/suggest", "prefix")]
    [InlineData("/api/search/suggest?prefix=ca&limit=21", "limit")]
    public async Task Invalid_queries_are_400_problems_naming_the_parameter(string url, string parameter)
    {
        using var client = search.ClientFor(tenant);

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.Validation, problem.RootElement.GetProperty("type").GetString());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Overlong_and_unparsable_parameters_are_400_problems()
    {
        using var client = search.ClientFor(tenant);

        using var overlong = await client.GetAsync($"/api/search/products?q={new string('a', 201)}");
        using var unparsable = await client.GetAsync("/api/search/products?q=lapis&pageSize=many");

        Assert.Equal(HttpStatusCode.BadRequest, overlong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unparsable.StatusCode);
        Assert.Equal("application/problem+json", unparsable.Content.Headers.ContentType?.MediaType);
    }

    private async Task IndexAsync(params Contracts.Catalog.ProductCreated[] events)
    {
        foreach (var e in events)
        {
            await search.Index.UpsertAsync(SearchFixture.Indexed(e), CancellationToken.None);
        }
    }
}
