using Platform.Contracts.Catalog;

namespace Platform.Search.Tests;

public sealed class IndexingTests : IAsyncLifetime
{
    private readonly SearchFixture search = new();
    private readonly Guid tenant = Guid.NewGuid();

    public Task InitializeAsync() => search.InitializeAsync();

    public Task DisposeAsync() => search.DisposeAsync();

    [Fact]
    public async Task A_product_event_from_the_bus_becomes_searchable()
    {
        var created = SearchFixture.Event(tenant, "Garrafa Térmica Inox", "Mantém o café quente por 12 horas");

        await search.Catalog.PublishAsync(created);

        var found = await Eventually.MatchAsync(() => search.SearchAsync(tenant, "garrafa"), r => r.Hits.Count == 1, what: "indexed product");
        Assert.Equal(created.ProductId, found.Hits[0].ProductId);
    }

    [Fact]
    public async Task A_redelivered_event_indexes_the_product_once()
    {
        var created = SearchFixture.Event(tenant, "Caneca de Cerâmica");

        await search.Catalog.PublishAsync(created);
        await search.Catalog.PublishAsync(created);
        await search.Catalog.PublishAsync(SearchFixture.Event(tenant, "Marcador de página"));

        // The third event was published last, so once it is searchable the duplicates were consumed too.
        await Eventually.MatchAsync(() => search.SearchAsync(tenant, "marcador"), r => r.Hits.Count == 1, what: "last event indexed");
        var hits = (await search.SearchAsync(tenant, "caneca")).Hits;
        Assert.Equal(created.ProductId, Assert.Single(hits).ProductId);
    }

    [Fact]
    public async Task An_older_version_never_overwrites_a_newer_one()
    {
        var productId = Guid.NewGuid();
        var newer = SearchFixture.Event(tenant, "Mochila Escolar Azul", version: 2, productId: productId);
        var older = SearchFixture.Event(tenant, "Mochila Escolar Vermelha", version: 1, productId: productId);

        Assert.True(await search.Index.UpsertAsync(SearchFixture.Indexed(newer), CancellationToken.None));
        Assert.False(await search.Index.UpsertAsync(SearchFixture.Indexed(older), CancellationToken.None));
        Assert.False(await search.Index.UpsertAsync(SearchFixture.Indexed(newer), CancellationToken.None));

        Assert.Single((await search.SearchAsync(tenant, "azul")).Hits);
        Assert.Empty((await search.SearchAsync(tenant, "vermelha")).Hits);
    }

    [Fact]
    public async Task A_deleted_product_disappears_and_no_late_older_event_revives_it()
    {
        var created = SearchFixture.Event(tenant, "Abajur de Mesa", version: 1);
        var deletedFirst = SearchFixture.Event(tenant, "Luminária de Chão", version: 1);
        var at = DateTimeOffset.UtcNow;

        Assert.True(await search.Index.UpsertAsync(SearchFixture.Indexed(created), default));
        Assert.True(await search.Index.DeleteAsync(tenant, created.ProductId, 3, at, default));
        Assert.False(await search.Index.UpsertAsync(SearchFixture.Indexed(created with { Version = 2, Name = "Abajur Vintage" }), default));
        Assert.False(await search.Index.DeleteAsync(tenant, created.ProductId, 3, at, default));
        // Reordered: the deletion overtook the creation.
        Assert.True(await search.Index.DeleteAsync(tenant, deletedFirst.ProductId, 2, at, default));
        Assert.False(await search.Index.UpsertAsync(SearchFixture.Indexed(deletedFirst), default));

        Assert.Empty((await search.SearchAsync(tenant, "abajur")).Hits);
        Assert.Empty((await search.SearchAsync(tenant, "luminaria")).Hits);
        Assert.Equal(0, (await search.QueryAsync(tenant, "")).Total);
    }

    [Fact]
    public async Task A_price_change_and_the_update_of_the_same_version_agree_in_either_order()
    {
        var first = SearchFixture.Event(tenant, "Tapete Persa", version: 1);
        var second = SearchFixture.Event(tenant, "Tapete Indiano", version: 1);
        await search.Index.UpsertAsync(SearchFixture.Indexed(first), default);
        await search.Index.UpsertAsync(SearchFixture.Indexed(second), default);

        // Update, then its price change; price change, then its update; then an old price change arriving last.
        await search.Index.UpsertAsync(SearchFixture.Indexed(first with { Version = 2, PriceCents = 50_000, Name = "Tapete Persa Azul" }), default);
        await search.Index.ChangePriceAsync(tenant, first.ProductId, 50_000, "BRL", 2, default);
        Assert.True(await search.Index.ChangePriceAsync(tenant, second.ProductId, 70_000, "BRL", 2, default));
        Assert.True(await search.Index.UpsertAsync(SearchFixture.Indexed(second with { Version = 2, PriceCents = 70_000, Name = "Tapete Indiano Verde" }), default));
        Assert.False(await search.Index.ChangePriceAsync(tenant, second.ProductId, 1_990, "BRL", 1, default));

        var hits = (await search.QueryAsync(tenant, "q=tapete&sort=price")).Hits;
        Assert.Equal([("Tapete Persa Azul", 50_000L), ("Tapete Indiano Verde", 70_000L)], hits.Select(hit => (hit.Name, hit.PriceCents)));
    }

    [Fact]
    public async Task Stock_levels_keep_the_latest_and_sales_count_once_per_event()
    {
        var lamp = SearchFixture.Event(tenant, "Lanterna de LED");
        await search.Index.UpsertAsync(SearchFixture.Indexed(lamp), default);
        var now = DateTimeOffset.UtcNow;
        var order = Guid.NewGuid();

        Assert.True(await search.Index.SetStockAsync(tenant, lamp.ProductId, 3, now, default));
        Assert.False(await search.Index.SetStockAsync(tenant, lamp.ProductId, 10, now.AddSeconds(-1), default));
        Assert.True(await search.Index.AddSalesAsync(order, tenant, [(lamp.ProductId, 2), (lamp.ProductId, 1)], default));
        Assert.False(await search.Index.AddSalesAsync(order, tenant, [(lamp.ProductId, 2), (lamp.ProductId, 1)], default));

        var hit = Assert.Single((await search.SearchAsync(tenant, "lanterna")).Hits);
        Assert.Equal((3, 3L), (hit.Available!.Value, hit.Popularity));
    }

    [Fact]
    public async Task Events_from_the_bus_update_delete_restock_rename_and_sell()
    {
        var category = Guid.NewGuid();
        var kept = SearchFixture.Event(tenant, "Jarra de Vidro") with { CategoryId = category, Category = "Cozinha" };
        var removed = SearchFixture.Event(tenant, "Jarra Quebrada");
        var now = DateTimeOffset.UtcNow;
        await search.Catalog.PublishAsync(new CategoryCreated(Guid.NewGuid(), now, tenant, category, "Cozinha", "cozinha", null, 1));
        await search.Catalog.PublishAsync(kept);
        await search.Catalog.PublishAsync(removed);
        await search.Catalog.PublishAsync(new ProductUpdated(Guid.NewGuid(), now, tenant, kept.ProductId, "Jarra de Vidro Soprado", null, 4_500, "BRL",
            category, "Cozinha", ["vidro"], true, 2));
        await search.Catalog.PublishAsync(new ProductDeleted(Guid.NewGuid(), now, tenant, removed.ProductId, 2));
        await search.Catalog.PublishAsync(new StockChanged(Guid.NewGuid(), now, tenant, kept.ProductId, 6, 0, "restock"));
        await search.Catalog.PublishAsync(new CategoryUpdated(Guid.NewGuid(), now, tenant, category, "Cozinha e Mesa", "cozinha-e-mesa", null, 2));
        var placed = new OrderPlaced(Guid.NewGuid(), now, tenant, Guid.NewGuid(), 1, [new OrderLine(kept.ProductId, "Jarra", 2, 4_500)], 9_000, "BRL", 1);
        await search.Catalog.PublishAsync(placed);
        await search.Catalog.PublishAsync(placed);

        var hit = await Eventually.MatchAsync(
            async () => (await search.SearchAsync(tenant, "jarra")).Hits,
            hits => hits is [{ Category: "Cozinha e Mesa", Available: 6, Popularity: 2 }],
            what: "every event applied");
        Assert.Equal(("Jarra de Vidro Soprado", 4_500L), (hit[0].Name, hit[0].PriceCents));
        Assert.Equal(2, (await search.SearchAsync(tenant, "jarra")).Hits.Single().Popularity);
    }
}
