using System.Net.Http.Json;
using Platform.Contracts.Catalog;
using Platform.Search.Apis;

namespace Platform.Search.Tests;

/// <summary>Every query feature of the embedded engine, through the HTTP API, on a real PostgreSQL.</summary>
public sealed class QueryTests : IAsyncLifetime
{
    private readonly SearchFixture search = new();
    private readonly Guid tenant = Guid.NewGuid();
    private readonly Guid shoes = Guid.NewGuid();
    private readonly Guid kitchen = Guid.NewGuid();

    public Task InitializeAsync() => search.InitializeAsync();

    public Task DisposeAsync() => search.DisposeAsync();

    [Theory]
    [InlineData("garafa")]
    [InlineData("garrafa termca")]
    [InlineData("Garrafas")]
    public async Task A_one_letter_typo_or_a_plural_still_finds_the_product(string query)
    {
        var bottle = await IndexAsync("Garrafa Térmica Inox", priceCents: 8990);
        await IndexAsync("Caneca de Cerâmica", priceCents: 2990);

        var hits = (await search.SearchAsync(tenant, query)).Hits;

        Assert.Equal(bottle, hits.First().ProductId);
    }

    [Fact]
    public async Task Filters_narrow_by_category_price_stock_and_tags_and_facets_count_what_matched()
    {
        var cheapShoe = await IndexAsync("Tênis de Corrida", priceCents: 4_990, category: (shoes, "Calçados"), tags: ["esporte", "corrida"]);
        var dearShoe = await IndexAsync("Tênis de Couro", priceCents: 29_990, category: (shoes, "Calçados"), tags: ["social"]);
        var mug = await IndexAsync("Caneca Tênis Clube", priceCents: 3_990, category: (kitchen, "Cozinha"), tags: ["esporte"]);
        await search.Index.SetStockAsync(tenant, cheapShoe, 0, DateTimeOffset.UtcNow, default);
        await search.Index.SetStockAsync(tenant, dearShoe, 4, DateTimeOffset.UtcNow, default);
        await search.Index.SetStockAsync(tenant, mug, 9, DateTimeOffset.UtcNow, default);

        var all = await search.QueryAsync(tenant, "q=tenis");
        var inShoes = await search.QueryAsync(tenant, "q=tenis&category=cal%C3%A7ados");
        var affordable = await search.QueryAsync(tenant, "q=tenis&minPrice=4000&maxPrice=10000");
        var inStock = await search.QueryAsync(tenant, "q=tenis&inStock=true");
        var sporty = await search.QueryAsync(tenant, "q=tenis&tags=esporte&tags=corrida");

        Assert.Equal(3, all.Total);
        Assert.Equal([("Calçados", 2L), ("Cozinha", 1L)], all.Facets.Categories.Select(facet => (facet.Category!, facet.Count)));
        Assert.Equal([2L, 0L, 0L, 1L, 0L], all.Facets.Prices.Select(facet => facet.Count));
        Assert.Equal((0L, 5_000L), (all.Facets.Prices[0].FromCents, all.Facets.Prices[0].ToCents!.Value));
        Assert.Null(all.Facets.Prices[^1].ToCents);
        Assert.Equal(new[] { cheapShoe, dearShoe }.Order(), inShoes.Hits.Select(hit => hit.ProductId).Order());
        Assert.Equal([cheapShoe], affordable.Hits.Select(hit => hit.ProductId));
        Assert.Equal(new[] { dearShoe, mug }.Order(), inStock.Hits.Select(hit => hit.ProductId).Order());
        Assert.Equal([cheapShoe], sporty.Hits.Select(hit => hit.ProductId));
    }

    [Fact]
    public async Task Sorts_by_price_or_newest_and_pages_with_the_total_of_every_match()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await IndexAsync($"Vela Aromática {i}", priceCents: 1_000 * (5 - i), createdAt: DateTimeOffset.UtcNow.AddMinutes(i)));
        }

        var cheapest = await search.QueryAsync(tenant, "q=vela&sort=price&pageSize=2");
        var second = await search.QueryAsync(tenant, "q=vela&sort=price&pageSize=2&page=2");
        var dearest = await search.QueryAsync(tenant, "q=vela&sort=-price&pageSize=1");
        var newest = await search.QueryAsync(tenant, "q=vela&sort=newest&pageSize=1");
        var pastTheEnd = await search.QueryAsync(tenant, "q=vela&page=9&pageSize=2");

        Assert.Equal([ids[4], ids[3]], cheapest.Hits.Select(hit => hit.ProductId));
        Assert.Equal([ids[2], ids[1]], second.Hits.Select(hit => hit.ProductId));
        Assert.Equal(ids[0], Assert.Single(dearest.Hits).ProductId);
        Assert.Equal(ids[4], Assert.Single(newest.Hits).ProductId);
        Assert.Equal((5L, 5L), (cheapest.Total, pastTheEnd.Total));
        Assert.Empty(pastTheEnd.Hits);
    }

    [Fact]
    public async Task Equal_matches_are_ordered_by_popularity_and_browsing_without_text_lists_the_best_sellers_first()
    {
        var quiet = await IndexAsync("Sabonete de Lavanda");
        var popular = await IndexAsync("Sabonete de Alecrim");
        await search.Index.AddSalesAsync(Guid.NewGuid(), tenant, [(popular, 5)], default);

        var byText = await search.SearchAsync(tenant, "sabonete");
        var browsing = await search.QueryAsync(tenant, "");

        Assert.Equal([popular, quiet], byText.Hits.Select(hit => hit.ProductId));
        Assert.Equal(5, byText.Hits[0].Popularity);
        Assert.Equal([popular, quiet], browsing.Hits.Select(hit => hit.ProductId));
        Assert.Null(browsing.Hits[0].Highlights);
    }

    [Fact]
    public async Task Highlights_mark_the_matched_words_and_escape_everything_else()
    {
        await IndexAsync("Calçados <script>alert(1)</script>", description: "Calçados confortáveis para o dia a dia & mais");

        var hit = Assert.Single((await search.SearchAsync(tenant, "calcado")).Hits);

        Assert.Equal("<mark>Calçados</mark> &lt;script&gt;alert(1)&lt;/script&gt;", hit.Highlights!.Name);
        Assert.StartsWith("<mark>Calçados</mark> confortáveis", hit.Highlights.Description);
        Assert.Contains("&amp;", hit.Highlights.Description);
    }

    [Fact]
    public async Task Autocomplete_puts_names_starting_with_the_prefix_first_forgives_a_typo_and_stays_in_the_tenant()
    {
        var bottle = await IndexAsync("Garrafa Térmica");
        var glass = await IndexAsync("Copo para garrafa");
        await IndexAsync("Caneca");
        await IndexAsync("Garrafa de Outra Loja", tenantId: Guid.NewGuid());
        using var client = search.ClientFor(tenant);

        var byPrefix = (await client.GetFromJsonAsync<SuggestResponse>("/api/search/suggest?prefix=garr"))!;
        var withTypo = (await client.GetFromJsonAsync<SuggestResponse>("/api/search/suggest?prefix=garafa"))!;
        var likeText = (await client.GetFromJsonAsync<SuggestResponse>("/api/search/suggest?prefix=%25_"))!;

        Assert.Equal([bottle, glass], byPrefix.Suggestions.Select(suggestion => suggestion.ProductId));
        Assert.Contains(bottle, withTypo.Suggestions.Select(suggestion => suggestion.ProductId));
        Assert.Empty(likeText.Suggestions);
    }

    private async Task<Guid> IndexAsync(
        string name,
        string? description = null,
        long priceCents = 1990,
        (Guid Id, string Name)? category = null,
        string[]? tags = null,
        DateTimeOffset? createdAt = null,
        Guid? tenantId = null)
    {
        var productId = Guid.NewGuid();
        var at = createdAt ?? DateTimeOffset.UtcNow;
        Assert.True(await search.Index.UpsertAsync(
            new(tenantId ?? tenant, productId, name, description, category?.Id, category?.Name, tags ?? [], priceCents, "BRL", true, 1, at, at), default));
        return productId;
    }
}
