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
}
