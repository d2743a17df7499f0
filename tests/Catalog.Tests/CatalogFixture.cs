using Npgsql;
using Platform.Contracts.Catalog;
using Platform.ServiceDefaults.Tenancy;
using Platform.TestSupport;

namespace Platform.Catalog.Tests;

/// <summary>One Catalog service per test, on a database and virtual host of its own, with a bus that watches its events.</summary>
public sealed class CatalogFixture : IAsyncLifetime
{
    private TestDatabase database = null!;
    private TestVirtualHost vhost = null!;
    private ServiceFactory<Program> factory = null!;

    public TestBus<ProductCreated> Events { get; private set; } = null!;

    public NpgsqlDataSource Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("catalog");
        vhost = await TestVirtualHost.CreateAsync();
        Database = database.CreateDataSource();
        Events = await TestBus<ProductCreated>.StartAsync(vhost.AmqpUri);
        factory = new ServiceFactory<Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:catalogdb"] = database.ConnectionString,
            ["ConnectionStrings:messaging"] = vhost.AmqpUri,
        });
        factory.CreateClient().Dispose();
    }

    public HttpClient ClientFor(Guid tenantId)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(CurrentTenant.HeaderName, tenantId.ToString());
        return client;
    }

    public HttpClient AnonymousClient() => factory.CreateClient();

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await Events.DisposeAsync();
        await Database.DisposeAsync();
        await vhost.DisposeAsync();
        await database.DisposeAsync();
    }
}
