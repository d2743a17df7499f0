using Platform.Catalog.Tenants;

namespace Platform.Catalog.Tests;

/// <summary>
/// Tests of one shop kept in <paramref name="store"/>: a Catalog of the test's own, the shop provisioned in it, and a
/// client logged in as its owner. Derived classes name the store, so every test runs against both.
/// </summary>
public abstract class ShopTests(StoreKind store) : IAsyncLifetime
{
    protected readonly CatalogFixture catalog = new();
    protected Guid tenant;
    protected HttpClient client = null!;

    protected StoreKind Store => store;

    public async Task InitializeAsync()
    {
        await catalog.InitializeAsync();
        tenant = await catalog.ProvisionAsync(store);
        client = catalog.ClientFor(tenant);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await catalog.DisposeAsync();
    }
}
