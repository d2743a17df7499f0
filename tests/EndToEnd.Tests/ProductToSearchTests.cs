extern alias catalog;
extern alias search;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CatalogProgram = catalog::Program;
using SearchProgram = search::Program;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The first slice through every real part: Catalog's HTTP API, PostgreSQL, RabbitMQ, Search's consumer,
/// its PostgreSQL index and its query API, with one trace from the request to the consumer.
/// </summary>
public sealed class ProductToSearchTests : IAsyncLifetime
{
    private readonly ConcurrentBag<Activity> activities = [];
    private ActivityListener listener = null!;
    private TestDatabase catalogDatabase = null!;
    private TestDatabase searchDatabase = null!;
    private TestVirtualHost vhost = null!;
    private TestTokenIssuer tokens = null!;
    private ServiceFactory<CatalogProgram> catalogService = null!;
    private ServiceFactory<SearchProgram> searchService = null!;

    public async Task InitializeAsync()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);

        catalogDatabase = await TestDatabase.CreateAsync("e2e_catalog");
        searchDatabase = await TestDatabase.CreateAsync("e2e_search");
        vhost = await TestVirtualHost.CreateAsync();
        tokens = await TestTokenIssuer.StartAsync();
        catalogService = new ServiceFactory<CatalogProgram>(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = tokens.Authority,
            ["ConnectionStrings:catalogdb"] = catalogDatabase.ConnectionString,
            ["ConnectionStrings:messaging"] = vhost.AmqpUri,
        });
        searchService = new ServiceFactory<SearchProgram>(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = tokens.Authority,
            ["ConnectionStrings:searchdb"] = searchDatabase.ConnectionString,
            ["ConnectionStrings:messaging"] = vhost.AmqpUri,
        });

        // Search must have bound its queue before Catalog publishes, as it would in a running platform.
        using var searchClient = searchService.CreateClient();
        await Eventually.MatchAsync(
            async () => (await searchClient.GetAsync("/health")).StatusCode,
            status => status == HttpStatusCode.OK,
            what: "Search healthy");
    }

    public async Task DisposeAsync()
    {
        await catalogService.DisposeAsync();
        await searchService.DisposeAsync();
        await vhost.DisposeAsync();
        await tokens.DisposeAsync();
        await catalogDatabase.DisposeAsync();
        await searchDatabase.DisposeAsync();
        listener.Dispose();
    }

    [Fact]
    public async Task A_product_created_in_Catalog_is_found_by_Search_within_one_trace()
    {
        var tenant = Guid.NewGuid();
        using var catalogClient = catalogService.CreateClient();
        using var searchClient = searchService.CreateClient();
        var token = tokens.Issue(tenant, "staff");
        catalogClient.DefaultRequestHeaders.Authorization = new("Bearer", token);
        searchClient.DefaultRequestHeaders.Authorization = new("Bearer", token);

        using var created = await catalogClient.PostAsJsonAsync("/api/products", new
        {
            name = "Cafeteira Italiana de Alumínio",
            description = "Seis xícaras, para fogão a gás",
            priceCents = 8990,
            tags = new[] { "cozinha", "café" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var productId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        var hits = await Eventually.MatchAsync(
            async () => JsonDocument.Parse(await searchClient.GetStringAsync("/api/search/products?q=cafeteira aluminio")).RootElement.GetProperty("hits"),
            found => found.GetArrayLength() == 1,
            what: "product found by Search");
        Assert.Equal(productId, hits[0].GetProperty("productId").GetGuid());

        var request = Assert.Single(activities, activity =>
            activity.Source.Name == "Microsoft.AspNetCore" &&
            activity.Kind == ActivityKind.Server &&
            activity.DisplayName == "POST /api/products/");
        Assert.Equal(201, request.GetTagItem("http.response.status_code"));
        var consumed = await Eventually.MatchAsync(
            () => Task.FromResult(activities.Where(activity => activity.Source.Name == "MassTransit" && activity.Kind == ActivityKind.Consumer).ToList()),
            found => found.Count > 0,
            what: "consumer activity recorded");
        Assert.Contains(consumed, activity => activity.TraceId == request.TraceId);
    }
}
