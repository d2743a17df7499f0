using System.Net;
using System.Text.Json;
using Platform.Search.Elasticsearch;
using Platform.Search.Indexing;

namespace Platform.Search.Tests.Elasticsearch;

/// <summary>The engine's writes against a fake Elasticsearch: external versions, tombstones, conditional scripted updates.</summary>
public sealed class ElasticsearchIndexTests : FakeElasticsearchTests
{
    private ElasticsearchProductIndex Index()
    {
        var client = server.Client();
        return new ElasticsearchProductIndex(client, new TenantIndices(client), new ProductSignals(client));
    }

    public static IndexedProduct Product(Guid productId, long version, string name = "Tênis de corrida", Guid? categoryId = null, Guid? tenantId = null) => new(
        tenantId ?? Tenant, productId, name, "Leve \"e\" macio", categoryId, "Calçados", ["esporte"], 19_990, "BRL", true, version,
        DateTimeOffset.Parse("2026-01-01T00:00:00Z"), DateTimeOffset.Parse("2026-02-01T00:00:00Z"));

    private static CannedResponse Written(string result = "created") => CannedResponse.Ok($$"""{"result":"{{result}}","_version":1}""");

    private static CannedResponse Conflict() =>
        new(409, """{"error":{"type":"version_conflict_engine_exception","reason":"current version [3] is higher or equal"},"status":409}""");

    [Fact]
    public async Task An_upsert_indexes_the_whole_document_with_the_product_version_as_external_version()
    {
        var productId = Guid.NewGuid();
        server.Respond = request => request.Path.EndsWith("/_mget") ? CannedResponse.Ok("""{"docs":[]}""") : Written();

        Assert.True(await Index().UpsertAsync(Product(productId, 3), CancellationToken.None));

        Assert.Equal("HEAD", server.Requests[0].Method);
        Assert.Equal($"/_alias/products-{Tenant:N}", server.Requests[0].Path);
        var put = server.Single("PUT", $"/products-{Tenant:N}/_doc/{productId:N}");
        Assert.Equal("external", put.QueryValue("version_type"));
        Assert.Equal((3 * ProductIndexNames.VersionScale).ToString(), put.QueryValue("version"));
        Assert.Equal("true", put.QueryValue("require_alias"));
        using var body = put.Json();
        Assert.Equal("Tênis de corrida", body.RootElement.GetProperty("name").GetString());
        Assert.Equal("Leve \"e\" macio", body.RootElement.GetProperty("description").GetString());
        Assert.Equal(3, body.RootElement.GetProperty("version").GetInt64());
        Assert.False(body.RootElement.GetProperty("deleted").GetBoolean());
        Assert.True(body.RootElement.GetProperty("active").GetBoolean());
        Assert.Equal(19_990, body.RootElement.GetProperty("price_cents").GetInt64());

        var mget = server.Single("POST", $"/search-signals-{Tenant:N}/_mget");
        using var ids = mget.Json();
        Assert.Equal(
            [$"stock-{productId:N}", $"price-{productId:N}", $"popularity-{productId:N}"],
            ids.RootElement.GetProperty("ids").EnumerateArray().Select(id => id.GetString()));
    }

    [Fact]
    public async Task A_version_conflict_changes_nothing_and_signals_found_are_folded_in_with_params()
    {
        var productId = Guid.NewGuid();
        server.Respond = request => request switch
        {
            { Method: "PUT" } => Conflict(),
            { Path: var path } when path.EndsWith("/_mget") => CannedResponse.Ok($$$"""
                {"docs":[{"_id":"stock-{{{productId:N}}}","found":true,"_version":5,"_source":{"available":4,"as_of_us":1700000000000000}},
                         {"_id":"price-{{{productId:N}}}","found":false}]}
                """),
            _ => Written("noop"),
        };

        Assert.False(await Index().UpsertAsync(Product(productId, 2), CancellationToken.None));

        var update = server.Single("POST", $"/products-{Tenant:N}/_update/{productId:N}");
        using var body = update.Json();
        var script = body.RootElement.GetProperty("script");
        Assert.Equal(PainlessScripts.ApplySignals, script.GetProperty("source").GetString());
        Assert.Equal(4, script.GetProperty("params").GetProperty("available").GetInt32());
        Assert.Equal(1700000000000000, script.GetProperty("params").GetProperty("stock_as_of_us").GetInt64());
        Assert.False(script.GetProperty("params").TryGetProperty("price_version", out _));
    }

    [Fact]
    public async Task A_deletion_indexes_a_tombstone_with_external_versioning_and_a_late_one_changes_nothing()
    {
        var productId = Guid.NewGuid();
        server.Respond = request => request.Method == "PUT" ? Written() : CannedResponse.Ok();
        Assert.True(await Index().DeleteAsync(Tenant, productId, 7, DateTimeOffset.UnixEpoch, CancellationToken.None));

        var put = server.Single("PUT", $"/products-{Tenant:N}/_doc/{productId:N}");
        Assert.Equal("external", put.QueryValue("version_type"));
        Assert.Equal((7 * ProductIndexNames.VersionScale).ToString(), put.QueryValue("version"));
        using var body = put.Json();
        Assert.True(body.RootElement.GetProperty("deleted").GetBoolean());
        Assert.False(body.RootElement.GetProperty("active").GetBoolean());
        Assert.Equal(7, body.RootElement.GetProperty("version").GetInt64());

        server.Respond = request => request.Method == "PUT" ? Conflict() : CannedResponse.Ok();
        Assert.False(await Index().DeleteAsync(Tenant, productId, 6, DateTimeOffset.UnixEpoch, CancellationToken.None));
    }

    [Fact]
    public async Task A_server_error_on_a_write_throws()
    {
        server.Respond = request => request.Method == "PUT" ? new CannedResponse(500, """{"error":{"type":"exception"},"status":500}""") : CannedResponse.Ok();
        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => Index().UpsertAsync(Product(Guid.NewGuid(), 1), CancellationToken.None));
        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
    }

    [Fact]
    public async Task A_price_change_is_a_versioned_signal_then_a_conditional_scripted_update()
    {
        var productId = Guid.NewGuid();
        server.Respond = request => request.Method == "PUT" ? Written() : Written("updated");
        Assert.True(await Index().ChangePriceAsync(Tenant, productId, 9_990, "BRL", 4, CancellationToken.None));

        var signal = server.Single("PUT", $"/search-signals-{Tenant:N}/_doc/price-{productId:N}");
        Assert.Equal(("4", "external"), (signal.QueryValue("version"), signal.QueryValue("version_type")));
        var update = server.Single("POST", $"/products-{Tenant:N}/_update/{productId:N}");
        using var body = update.Json();
        var parameters = body.RootElement.GetProperty("script").GetProperty("params");
        Assert.Equal(9_990, parameters.GetProperty("price_cents").GetInt64());
        Assert.Equal(4, parameters.GetProperty("price_version").GetInt64());
        Assert.Equal("painless", body.RootElement.GetProperty("script").GetProperty("lang").GetString());
        Assert.DoesNotContain("9990", body.RootElement.GetProperty("script").GetProperty("source").GetString());

        server.Respond = request => request.Method == "PUT" ? Written() : Written("noop");
        Assert.False(await Index().ChangePriceAsync(Tenant, productId, 9_990, "BRL", 4, CancellationToken.None));

        server.Respond = request => request.Method == "PUT" ? Written() : new CannedResponse(404, """{"error":{"type":"document_missing_exception"},"status":404}""");
        Assert.False(await Index().ChangePriceAsync(Tenant, productId, 9_990, "BRL", 5, CancellationToken.None));
    }

    [Fact]
    public async Task Stock_is_ordered_by_time_as_the_signal_version()
    {
        var productId = Guid.NewGuid();
        var asOf = DateTimeOffset.Parse("2026-03-01T12:00:00.123456Z");
        server.Respond = request => request.Method == "PUT" ? Conflict() : Written("noop");
        Assert.False(await Index().SetStockAsync(Tenant, productId, 3, asOf, CancellationToken.None));

        var signal = server.Single("PUT", $"/search-signals-{Tenant:N}/_doc/stock-{productId:N}");
        Assert.Equal(ProductIndexNames.Microseconds(asOf).ToString(), signal.QueryValue("version"));
        Assert.Equal("external", signal.QueryValue("version_type"));
    }

    [Fact]
    public async Task A_category_rename_updates_its_products_by_query_once_its_version_is_new()
    {
        var categoryId = Guid.NewGuid();
        server.Respond = request => request.Method == "PUT" ? Written() : CannedResponse.Ok("""{"total":2,"updated":2}""");
        Assert.True(await Index().SetCategoryAsync(Tenant, categoryId, "Sapatos", 9, CancellationToken.None));

        var byQuery = server.Single("POST", $"/products-{Tenant:N}/_update_by_query");
        using var body = byQuery.Json();
        Assert.Equal(categoryId.ToString(), body.RootElement.GetProperty("query").GetProperty("term").GetProperty("category_id").GetProperty("value").GetString());
        var parameters = body.RootElement.GetProperty("script").GetProperty("params");
        Assert.Equal("Sapatos", parameters.GetProperty("category_name").GetString());
        Assert.Equal(9, parameters.GetProperty("category_version").GetInt64());

        // An older version: the signal conflicts with a newer one and no product is touched.
        await server.DisposeAsync();
        server = FakeElasticsearch.Start();
        server.Respond = request => request switch
        {
            { Method: "PUT" } => Conflict(),
            { Method: "GET" } => CannedResponse.Ok("""{"_id":"x","found":true,"_version":9}"""),
            _ => CannedResponse.Ok(),
        };
        Assert.False(await Index().SetCategoryAsync(Tenant, categoryId, "Tênis", 8, CancellationToken.None));
        Assert.DoesNotContain(server.Requests, request => request.Path.EndsWith("/_update_by_query"));
    }

    [Fact]
    public async Task Sales_are_counted_once_per_event_id()
    {
        var eventId = Guid.NewGuid();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        server.Respond = request => request switch
        {
            { Method: "GET" } => new CannedResponse(404, """{"_id":"x","found":false}"""),
            { Path: var path } when path.Contains("/_update/popularity-") => CannedResponse.Ok("""{"result":"updated","get":{"_source":{"units":5}}}"""),
            { Path: var path } when path.Contains("/_create/") => Written(),
            _ => Written("updated"),
        };
        Assert.True(await Index().AddSalesAsync(eventId, Tenant, [(first, 2), (second, 1), (first, 3)], CancellationToken.None));

        var counted = server.Single("POST", $"/search-signals-{Tenant:N}/_update/popularity-{first:N}");
        using var body = counted.Json();
        Assert.Equal(5, body.RootElement.GetProperty("script").GetProperty("params").GetProperty("units").GetInt64());
        Assert.Equal(eventId.ToString(), body.RootElement.GetProperty("script").GetProperty("params").GetProperty("event_id").GetString());
        Assert.True(body.RootElement.GetProperty("scripted_upsert").GetBoolean());
        server.Single("PUT", $"/search-signals-{Tenant:N}/_create/sale-{eventId:N}");
        using var popularity = server.Single("POST", $"/products-{Tenant:N}/_update/{first:N}").Json();
        Assert.Equal(5, popularity.RootElement.GetProperty("script").GetProperty("params").GetProperty("popularity").GetInt64());

        // The same event again: its marker is found and nothing is counted.
        server.Respond = request => request.Method == "GET" ? CannedResponse.Ok("""{"_id":"x","found":true,"_version":1}""") : Written();
        var before = server.Requests.Count;
        Assert.False(await Index().AddSalesAsync(eventId, Tenant, [(first, 2)], CancellationToken.None));
        Assert.DoesNotContain(server.Requests.Skip(before), request => request.Path.Contains("/_update/"));
    }

    [Fact]
    public async Task A_connection_string_with_credentials_sends_basic_authentication()
    {
        server.Respond = _ => CannedResponse.Ok("""{"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}""");
        var search = new ElasticsearchProductSearch(server.Client("elastic:s%40cret"));
        Assert.True(ProductQueryFor("x", out var query));
        await search.SearchAsync(Tenant, query, CancellationToken.None);

        Assert.Equal("Basic " + Convert.ToBase64String("elastic:s@cret"u8.ToArray()), server.LastAuthorization);
    }

    private static bool ProductQueryFor(string text, out Platform.Search.Querying.ProductQuery query) =>
        Platform.Search.Querying.ProductQuery.TryCreate(new(text, null, null, null, null, null, null, null, null), out query, out _);

    internal static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
