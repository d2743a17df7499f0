using Platform.Search.Elasticsearch;
using Platform.Search.Querying;

namespace Platform.Search.Tests.Elasticsearch;

/// <summary>The Elasticsearch engine end to end on a real server (CI's service); skipped without one.</summary>
public sealed class LiveElasticsearchTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [LiveElasticsearchFact]
    public async Task Text_finds_products_through_accents_stems_and_typos_with_escaped_highlights()
    {
        await using var es = LiveElasticsearch.Create();
        var tenis = es.Product("Tênis de corrida", description: "Amortecimento <leve> para treinos", tags: ["esporte"]);
        var calcado = es.Product("Calçado social", description: "Couro legítimo");
        var bola = es.Product("Bola de futebol");
        foreach (var product in new[] { tenis, calcado, bola })
        {
            Assert.True(await es.Index.UpsertAsync(product, None));
        }

        var accent = await es.QueryAsync("tenis");
        var hit = Assert.Single(accent.Hits);
        Assert.Equal(tenis.ProductId, hit.ProductId);
        Assert.Equal("<mark>Tênis</mark> de corrida", hit.Highlights!.Name);
        Assert.Contains("&lt;leve&gt;", hit.Highlights.Description);

        Assert.Equal([calcado.ProductId], (await es.QueryAsync("calcados")).Hits.Select(found => found.ProductId));
        Assert.Equal([tenis.ProductId], (await es.QueryAsync("corrdia")).Hits.Select(found => found.ProductId));
        Assert.Equal([tenis.ProductId], (await es.QueryAsync("esporte")).Hits.Select(found => found.ProductId));
        var amortecimento = Assert.Single((await es.QueryAsync("amortecimento")).Hits);
        Assert.Contains("<mark>Amortecimento</mark>", amortecimento.Highlights!.Description);
        Assert.Empty((await es.QueryAsync("geladeira")).Hits);

        // Every word must match, in any field; stop words do not count.
        Assert.Equal([tenis.ProductId], (await es.QueryAsync("tenis de corrida")).Hits.Select(found => found.ProductId));
        Assert.Equal([tenis.ProductId], (await es.QueryAsync("corrida esporte")).Hits.Select(found => found.ProductId));
        Assert.Empty((await es.QueryAsync("tenis futebol")).Hits);
    }

    [LiveElasticsearchFact]
    public async Task Browsing_counts_facets_filters_and_sorts()
    {
        await using var es = LiveElasticsearch.Create();
        var day = DateTimeOffset.Parse("2026-03-01T00:00:00Z");
        var a = es.Product("Camiseta", category: "Roupas", tags: ["verao"], priceCents: 3_000, createdAt: day);
        var b = es.Product("Bermuda", category: "Roupas", priceCents: 7_000, createdAt: day.AddDays(1));
        var c = es.Product("Sapato", category: "Calçados", priceCents: 30_000, createdAt: day.AddDays(2));
        var d = es.Product("Relógio", priceCents: 60_000, createdAt: day.AddDays(3));
        var hidden = es.Product("Rascunho", priceCents: 1_000, active: false);
        foreach (var product in new[] { a, b, c, d, hidden })
        {
            await es.Index.UpsertAsync(product, None);
        }

        await es.Index.SetStockAsync(es.Tenant, a.ProductId, 3, day, None);

        var all = await es.QueryAsync();
        Assert.Equal(4, all.Total);
        Assert.Equal([new CategoryFacet("Roupas", 2), new CategoryFacet("Calçados", 1), new CategoryFacet(null, 1)], all.Facets.Categories);
        Assert.Equal([1L, 1, 0, 1, 1], all.Facets.Prices.Select(price => price.Count));

        Assert.Equal(2, (await es.QueryAsync(category: "roupas")).Total);
        Assert.Equal([b.ProductId], (await es.QueryAsync(min: 5_000, max: 10_000)).Hits.Select(hit => hit.ProductId));
        Assert.Equal([a.ProductId], (await es.QueryAsync(inStock: true)).Hits.Select(hit => hit.ProductId));
        Assert.Equal([a.ProductId], (await es.QueryAsync(tags: ["verao"])).Hits.Select(hit => hit.ProductId));
        Assert.Equal(3, (await es.QueryAsync(inStock: true)).Hits.Single().Available);

        Assert.Equal([a.ProductId, b.ProductId, c.ProductId, d.ProductId], (await es.QueryAsync(sort: "price")).Hits.Select(hit => hit.ProductId));
        Assert.Equal([d.ProductId, c.ProductId, b.ProductId, a.ProductId], (await es.QueryAsync(sort: "-price")).Hits.Select(hit => hit.ProductId));
        Assert.Equal([d.ProductId, c.ProductId, b.ProductId, a.ProductId], (await es.QueryAsync(sort: "newest")).Hits.Select(hit => hit.ProductId));
    }

    [LiveElasticsearchFact]
    public async Task Events_in_any_order_keep_the_newest_state()
    {
        await using var es = LiveElasticsearch.Create();
        var categoryId = Guid.NewGuid();
        var v2 = es.Product("Mochila nova", version: 2, category: "Bolsas", categoryId: categoryId, priceCents: 20_000);
        Assert.True(await es.Index.UpsertAsync(v2, None));
        Assert.False(await es.Index.UpsertAsync(v2 with { Name = "Mochila velha", Version = 1 }, None));
        Assert.False(await es.Index.UpsertAsync(v2, None));

        // A price of a later version than the product's next update survives it.
        Assert.True(await es.Index.ChangePriceAsync(es.Tenant, v2.ProductId, 15_000, "BRL", 4, None));
        Assert.False(await es.Index.ChangePriceAsync(es.Tenant, v2.ProductId, 18_000, "BRL", 3, None));
        Assert.True(await es.Index.UpsertAsync(v2 with { Name = "Mochila", Version = 3 }, None));
        var hit = Assert.Single((await es.QueryAsync("mochila")).Hits);
        Assert.Equal(("Mochila", 15_000L), (hit.Name, hit.PriceCents));

        // Stock by time; a level that arrived before its product is kept.
        var t = DateTimeOffset.Parse("2026-04-01T10:00:00Z");
        Assert.True(await es.Index.SetStockAsync(es.Tenant, v2.ProductId, 5, t, None));
        Assert.False(await es.Index.SetStockAsync(es.Tenant, v2.ProductId, 0, t.AddMinutes(-1), None));
        var early = es.Product("Garrafa térmica");
        Assert.True(await es.Index.SetStockAsync(es.Tenant, early.ProductId, 2, t, None));
        Assert.True(await es.Index.UpsertAsync(early, None));
        Assert.Equal([early.ProductId, v2.ProductId], (await es.QueryAsync(inStock: true, sort: "price")).Hits.Select(found => found.ProductId));

        // Category names by version; a deleted category falls back to the product's own.
        Assert.True(await es.Index.SetCategoryAsync(es.Tenant, categoryId, "Malas", 2, None));
        Assert.False(await es.Index.SetCategoryAsync(es.Tenant, categoryId, "Velha", 1, None));
        Assert.Equal("Malas", (await es.QueryAsync("mochila")).Hits.Single().Category);
        Assert.True(await es.Index.SetCategoryAsync(es.Tenant, categoryId, null, 3, None));
        Assert.Equal("Bolsas", (await es.QueryAsync("mochila")).Hits.Single().Category);

        // Units sold count once per event.
        var order = Guid.NewGuid();
        Assert.True(await es.Index.AddSalesAsync(order, es.Tenant, [(v2.ProductId, 2), (v2.ProductId, 1)], None));
        Assert.False(await es.Index.AddSalesAsync(order, es.Tenant, [(v2.ProductId, 2), (v2.ProductId, 1)], None));
        Assert.Equal(3, (await es.QueryAsync("mochila")).Hits.Single().Popularity);

        // A deletion leaves a tombstone that older events cannot pass; a newer version comes back.
        Assert.True(await es.Index.DeleteAsync(es.Tenant, v2.ProductId, 5, t, None));
        Assert.False(await es.Index.UpsertAsync(v2 with { Version = 4 }, None));
        Assert.False(await es.Index.ChangePriceAsync(es.Tenant, v2.ProductId, 1_000, "BRL", 6, None));
        Assert.Empty((await es.QueryAsync("mochila")).Hits);
        Assert.True(await es.Index.UpsertAsync(v2 with { Version = 7 }, None));
        Assert.Single((await es.QueryAsync("mochila")).Hits);
    }

    [LiveElasticsearchFact]
    public async Task Relevance_ties_go_to_the_most_sold()
    {
        await using var es = LiveElasticsearch.Create();
        var (first, second) = (es.Product("Caneca de cerâmica"), es.Product("Caneca de cerâmica"));
        await es.Index.UpsertAsync(first, None);
        await es.Index.UpsertAsync(second, None);
        await es.Index.AddSalesAsync(Guid.NewGuid(), es.Tenant, [(second.ProductId, 4)], None);

        Assert.Equal([second.ProductId, first.ProductId], (await es.QueryAsync("caneca")).Hits.Select(hit => hit.ProductId));
    }

    [LiveElasticsearchFact]
    public async Task Suggestions_put_prefixes_first_then_words_then_typos()
    {
        await using var es = LiveElasticsearch.Create();
        var starts = es.Product("Camiseta azul");
        var word = es.Product("Blusa camisa");
        var other = es.Product("Bolsa de praia");
        foreach (var product in new[] { word, starts, other })
        {
            await es.Index.UpsertAsync(product, None);
        }

        await es.RefreshAsync();
        var suggestions = await es.Search.SuggestAsync(es.Tenant, "cam", 5, None);
        Assert.Equal([starts.ProductId, word.ProductId], suggestions.Select(suggestion => suggestion.ProductId));
        Assert.Equal(starts.ProductId, (await es.Search.SuggestAsync(es.Tenant, "camisetta", 5, None))[0].ProductId);
        Assert.Equal(starts.ProductId, (await es.Search.SuggestAsync(es.Tenant, "Câmi", 5, None))[0].ProductId);
    }

    [LiveElasticsearchFact]
    public async Task A_rebuild_switches_the_alias_keeping_newer_events_and_retiring_unlisted_products()
    {
        await using var es = LiveElasticsearch.Create();
        var kept = es.Product("Lanterna", version: 1);
        var unlisted = es.Product("Descontinuado", version: 1);
        var newer = es.Product("Cadeira versão três", version: 3);
        foreach (var product in new[] { kept, unlisted, newer })
        {
            await es.Index.UpsertAsync(product, None);
        }

        await es.Index.SetStockAsync(es.Tenant, kept.ProductId, 8, DateTimeOffset.UtcNow, None);
        var before = Assert.Single(await es.AliasTargetsAsync());

        var buildId = Guid.NewGuid();
        var startedAt = DateTimeOffset.UtcNow;
        var added = es.Product("Mesa dobrável");
        await es.Rebuild.StageAsync(buildId, [kept with { Name = "Lanterna LED", Version = 2 }, newer with { Name = "Cadeira velha", Version = 2 }], None);
        await es.Rebuild.StageAsync(buildId, [added], None);
        Assert.Equal(1, await es.Rebuild.SwitchAsync(es.Tenant, buildId, startedAt, None));

        Assert.Equal([ProductIndexNames.Index(es.Tenant, buildId)], await es.AliasTargetsAsync());
        Assert.DoesNotContain(before, await es.AliasTargetsAsync());
        var names = (await es.QueryAsync(sort: "price")).Hits.Select(hit => hit.Name).Order().ToList();
        Assert.Equal(["Cadeira versão três", "Lanterna LED", "Mesa dobrável"], names);
        Assert.Equal([kept.ProductId], (await es.QueryAsync(inStock: true)).Hits.Select(hit => hit.ProductId));
        Assert.False(await es.Index.UpsertAsync(unlisted, None));
        Assert.Empty((await es.QueryAsync("descontinuado")).Hits);

        // Abandoning a build drops its index and leaves the live one alone.
        var abandoned = Guid.NewGuid();
        await es.Rebuild.StageAsync(abandoned, [added], None);
        await es.Rebuild.AbandonAsync(abandoned, None);
        Assert.Equal([ProductIndexNames.Index(es.Tenant, buildId)], await es.AliasTargetsAsync());
        Assert.Equal(3, (await es.QueryAsync()).Total);
    }
}
