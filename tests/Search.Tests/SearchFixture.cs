using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Catalog;
using Platform.Search.Apis;
using Platform.Search.Indexing;
using Platform.Search.Querying;
using Platform.TestSupport;

namespace Platform.Search.Tests;

/// <summary>One Search service per test, on a database and virtual host of its own, with a bus that publishes Catalog's events.</summary>
public sealed class SearchFixture : IAsyncLifetime
{
    private TestDatabase database = null!;
    private TestVirtualHost vhost = null!;
    private ServiceFactory<Program> factory = null!;

    public TestBus<ProductCreated> Catalog { get; private set; } = null!;

    public TestTokenIssuer Tokens { get; private set; } = null!;

    public IProductIndex Index => factory.Services.GetRequiredService<IProductIndex>();

    public IProductSearch Search => factory.Services.GetRequiredService<IProductSearch>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("search");
        vhost = await TestVirtualHost.CreateAsync();
        Tokens = await TestTokenIssuer.StartAsync();
        factory = new ServiceFactory<Program>(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = Tokens.Authority,
            ["ConnectionStrings:searchdb"] = database.ConnectionString,
            ["ConnectionStrings:messaging"] = vhost.AmqpUri,
        });
        factory.CreateClient().Dispose();
        Catalog = await TestBus<ProductCreated>.StartAsync(vhost.AmqpUri);
    }

    public HttpClient ClientFor(Guid tenantId)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Issue(tenantId));
        return client;
    }

    public Task<SearchResponse> SearchAsync(Guid tenantId, string query) =>
        QueryAsync(tenantId, $"q={Uri.EscapeDataString(query)}");

    /// <summary>A search with the query string <paramref name="queryString"/> as given.</summary>
    public async Task<SearchResponse> QueryAsync(Guid tenantId, string queryString)
    {
        using var client = ClientFor(tenantId);
        return (await client.GetFromJsonAsync<SearchResponse>($"/api/search/products?{queryString}"))!;
    }

    public async Task DisposeAsync()
    {
        await Catalog.DisposeAsync();
        await factory.DisposeAsync();
        await Tokens.DisposeAsync();
        await vhost.DisposeAsync();
        await database.DisposeAsync();
    }

    public static ProductCreated Event(Guid tenantId, string name, string? description = null, long version = 1, Guid? productId = null, params string[] tags) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, tenantId, productId ?? Guid.NewGuid(), name, description, 1990, "BRL", null, tags, version);

    public static IndexedProduct Indexed(ProductCreated e) =>
        new(e.TenantId, e.ProductId, e.Name, e.Description, e.CategoryId, e.Category, e.Tags, e.PriceCents, e.Currency, e.Active, e.Version, e.OccurredAt, e.OccurredAt);
}
