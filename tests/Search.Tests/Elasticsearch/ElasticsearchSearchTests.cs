using System.Text.Json;
using Platform.Search.Elasticsearch;
using Platform.Search.Querying;

namespace Platform.Search.Tests.Elasticsearch;

/// <summary>The search engine's requests and how answers map, against a fake Elasticsearch on loopback.</summary>
public sealed class ElasticsearchSearchTests : FakeElasticsearchTests
{
    private static ProductQuery Query(string? text = null, string? category = null, long? min = null, long? max = null, bool inStock = false,
        string[]? tags = null, string? sort = null, int? page = null, int? pageSize = null)
    {
        Assert.True(ProductQuery.TryCreate(new SearchParameters(text, category, min, max, inStock, tags, sort, page, pageSize), out var query, out var errors),
            string.Join("; ", errors.SelectMany(error => error.Value)));
        return query;
    }

    [Fact]
    public async Task A_search_is_a_multi_match_with_boosts_and_fuzziness_filtered_to_live_active_products()
    {
        var search = new ElasticsearchProductSearch(server.Client());
        await search.SearchAsync(Tenant, Query("Tênis \"corrida\"}", "Calçados", 1_000, 20_000, true, ["Esporte", "verão"]), CancellationToken.None);

        var request = server.Single("POST", $"/products-{Tenant:N}/_search");
        using var body = request.Json();
        var root = body.RootElement;
        var must = root.GetProperty("query").GetProperty("bool").GetProperty("must");
        Assert.Equal(2, must.GetArrayLength());
        var multiMatch = must[0].GetProperty("multi_match");
        Assert.Equal("AUTO", multiMatch.GetProperty("fuzziness").GetString());
        Assert.Equal("all", multiMatch.GetProperty("zero_terms_query").GetString());
        Assert.Equal("Tênis", multiMatch.GetProperty("query").GetString());
        Assert.Equal("\"corrida\"}", must[1].GetProperty("multi_match").GetProperty("query").GetString());
        Assert.Equal(["name^3", "tags.text^2", "description"], multiMatch.GetProperty("fields").EnumerateArray().Select(field => field.GetString()));

        var filters = root.GetProperty("query").GetProperty("bool").GetProperty("filter").EnumerateArray().Select(filter => filter.GetRawText()).ToList();
        Assert.Contains("""{"term":{"tenant_id":{"value":"TENANT"}}}""".Replace("TENANT", Tenant.ToString()), filters);
        Assert.Contains("""{"term":{"active":{"value":true}}}""", filters);
        Assert.Contains("""{"term":{"category.lower":{"value":"calçados"}}}""", filters.Select(Unescape));
        Assert.Contains("""{"range":{"price_cents":{"gte":1000,"lte":20000}}}""", filters);
        Assert.Contains("""{"range":{"available":{"gt":0}}}""", filters);
        Assert.Contains("""{"term":{"tags":{"value":"esporte"}}}""", filters);
        Assert.Contains("""{"term":{"tags":{"value":"verão"}}}""", filters.Select(Unescape));
        Assert.Equal("""[{"term":{"deleted":{"value":true}}}]""", root.GetProperty("query").GetProperty("bool").GetProperty("must_not").GetRawText());

        Assert.Equal(0, root.GetProperty("from").GetInt32());
        Assert.Equal(ProductQuery.DefaultPageSize, root.GetProperty("size").GetInt32());
        Assert.True(root.GetProperty("track_total_hits").GetBoolean());
        Assert.Equal("""[{"_score":"desc"},{"popularity":"desc"},{"product_id":"asc"}]""", root.GetProperty("sort").GetRawText());
    }

    [Fact]
    public async Task User_text_stays_a_json_value()
    {
        const string hostile = "x\"}}],\"should\":[{\"match_all\":{}}],\"z\":[{\"a\":\"\\u0022";
        var search = new ElasticsearchProductSearch(server.Client());
        await search.SearchAsync(Tenant, Query(hostile, category: hostile, tags: [hostile]), CancellationToken.None);
        await search.SuggestAsync(Tenant, hostile, 5, CancellationToken.None);

        var requests = server.Requests.Where(request => request.Path.EndsWith("/_search")).ToList();
        using var searched = requests[0].Json();
        var query = searched.RootElement.GetProperty("query").GetProperty("bool");
        Assert.Equal(hostile, query.GetProperty("must")[0].GetProperty("multi_match").GetProperty("query").GetString());
        Assert.False(query.TryGetProperty("should", out _));
        Assert.Equal(hostile.ToLowerInvariant(), query.GetProperty("filter")[2].GetProperty("term").GetProperty("category.lower").GetProperty("value").GetString());
        Assert.Equal(hostile.ToLowerInvariant(), query.GetProperty("filter")[3].GetProperty("term").GetProperty("tags").GetProperty("value").GetString());
        using var suggested = requests[1].Json();
        Assert.Equal(3, suggested.RootElement.GetProperty("query").GetProperty("bool").GetProperty("should").GetArrayLength());
        Assert.All(requests, request => Assert.Equal($"/products-{Tenant:N}/_search", request.Path));
    }

    [Fact]
    public async Task Facets_are_terms_on_category_and_the_five_price_ranges_and_highlights_use_the_marker_tags()
    {
        var search = new ElasticsearchProductSearch(server.Client());
        await search.SearchAsync(Tenant, Query("bola"), CancellationToken.None);

        using var body = server.Single("POST", "/_search").Json();
        var aggs = body.RootElement.GetProperty("aggs");
        Assert.Equal("category", aggs.GetProperty("categories").GetProperty("terms").GetProperty("field").GetString());
        Assert.Equal(50, aggs.GetProperty("categories").GetProperty("terms").GetProperty("size").GetInt32());
        Assert.Equal("category", aggs.GetProperty("no_category").GetProperty("missing").GetProperty("field").GetString());
        var range = aggs.GetProperty("prices").GetProperty("range");
        Assert.Equal("price_cents", range.GetProperty("field").GetString());
        Assert.Equal(
            """[{"from":0,"to":5000},{"from":5000,"to":10000},{"from":10000,"to":25000},{"from":25000,"to":50000},{"from":50000}]""",
            range.GetProperty("ranges").GetRawText());

        var highlight = body.RootElement.GetProperty("highlight");
        Assert.Equal("\uE000", highlight.GetProperty("pre_tags")[0].GetString());
        Assert.Equal("\uE001", highlight.GetProperty("post_tags")[0].GetString());
        Assert.Equal(0, highlight.GetProperty("fields").GetProperty("name").GetProperty("number_of_fragments").GetInt32());
        Assert.True(highlight.GetProperty("fields").TryGetProperty("description", out _));
    }

    [Theory]
    [InlineData("price", """[{"price_cents":"asc"},{"product_id":"asc"}]""")]
    [InlineData("-price", """[{"price_cents":"desc"},{"product_id":"asc"}]""")]
    [InlineData("newest", """[{"created_at":"desc"},{"product_id":"asc"}]""")]
    public async Task Sorts_and_pages_follow_the_query(string sort, string expected)
    {
        var search = new ElasticsearchProductSearch(server.Client());
        await search.SearchAsync(Tenant, Query(sort: sort, page: 3, pageSize: 25), CancellationToken.None);

        using var body = server.Single("POST", "/_search").Json();
        Assert.Equal(expected, body.RootElement.GetProperty("sort").GetRawText());
        Assert.Equal(50, body.RootElement.GetProperty("from").GetInt32());
        Assert.Equal(25, body.RootElement.GetProperty("size").GetInt32());
        Assert.False(body.RootElement.GetProperty("query").GetProperty("bool").TryGetProperty("must", out _));
        Assert.False(body.RootElement.TryGetProperty("highlight", out _));
    }

    [Fact]
    public async Task An_answer_maps_to_hits_total_facets_and_html_escaped_highlights()
    {
        var productId = Guid.NewGuid();
        server.Respond = _ => CannedResponse.Ok(JsonSerializer.Serialize(new
        {
            took = 3,
            hits = new
            {
                total = new { value = 42, relation = "eq" },
                hits = new object[]
                {
                    new
                    {
                        _id = productId.ToString("N"),
                        _score = 7.5,
                        _source = new
                        {
                            tenant_id = Tenant, product_id = productId, name = "Bola <script>", description = "Bola & rede",
                            category = "Esportes", tags = new[] { "bola" }, price_cents = 4_990, currency = "BRL", available = 3,
                            popularity = 12, active = true, deleted = false, version = 2, created_at = DateTimeOffset.UnixEpoch,
                            updated_at = DateTimeOffset.UnixEpoch,
                        },
                        highlight = new Dictionary<string, string[]>
                        {
                            ["name"] = ["\uE000Bola\uE001 <script>"],
                            ["description"] = ["\uE000Bola\uE001 & rede"],
                        },
                    },
                },
            },
            aggregations = new
            {
                categories = new { buckets = new[] { new { key = "Esportes", doc_count = 30 }, new { key = "Lazer", doc_count = 2 } } },
                no_category = new { doc_count = 10 },
                prices = new
                {
                    buckets = new object[]
                    {
                        new { key = "0.0-5000.0", from = 0.0, to = 5000.0, doc_count = 20 },
                        new { key = "5000.0-10000.0", from = 5000.0, to = 10000.0, doc_count = 10 },
                        new { key = "10000.0-25000.0", from = 10000.0, to = 25000.0, doc_count = 7 },
                        new { key = "25000.0-50000.0", from = 25000.0, to = 50000.0, doc_count = 4 },
                        new { key = "50000.0-*", from = 50000.0, doc_count = 1 },
                    },
                },
            },
        }));
        var search = new ElasticsearchProductSearch(server.Client());
        var result = await search.SearchAsync(Tenant, Query("bola"), CancellationToken.None);

        Assert.Equal(42, result.Total);
        var hit = Assert.Single(result.Hits);
        Assert.Equal(productId, hit.ProductId);
        Assert.Equal("Bola <script>", hit.Name);
        Assert.Equal(("Esportes", 4_990L, "BRL", 3, 12L, 7.5), (hit.Category, hit.PriceCents, hit.Currency, hit.Available, hit.Popularity, hit.Score));
        Assert.Equal("<mark>Bola</mark> &lt;script&gt;", hit.Highlights!.Name);
        Assert.Equal("<mark>Bola</mark> &amp; rede", hit.Highlights.Description);
        Assert.Equal(
            [new CategoryFacet("Esportes", 30), new CategoryFacet(null, 10), new CategoryFacet("Lazer", 2)], result.Facets.Categories);
        Assert.Equal(
            [new PriceFacet(0, 5_000, 20), new PriceFacet(5_000, 10_000, 10), new PriceFacet(10_000, 25_000, 7), new PriceFacet(25_000, 50_000, 4), new PriceFacet(50_000, null, 1)],
            result.Facets.Prices);
    }

    [Fact]
    public async Task A_tenant_without_an_index_has_no_products()
    {
        server.Respond = _ => new CannedResponse(404, """{"error":{"type":"index_not_found_exception"},"status":404}""");
        var result = await new ElasticsearchProductSearch(server.Client()).SearchAsync(Tenant, Query("bola"), CancellationToken.None);

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
        Assert.Equal(5, result.Facets.Prices.Count);
    }

    [Fact]
    public async Task A_server_error_throws()
    {
        server.Respond = _ => new CannedResponse(503, """{"error":{"type":"cluster_block_exception"},"status":503}""");
        var error = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            new ElasticsearchProductSearch(server.Client()).SearchAsync(Tenant, Query("bola"), CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.Status);
    }

    [Fact]
    public async Task Suggestions_rank_prefixes_then_word_prefixes_then_typos()
    {
        var productId = Guid.NewGuid();
        server.Respond = _ => CannedResponse.Ok(JsonSerializer.Serialize(new
        {
            hits = new { hits = new[] { new { _id = productId.ToString("N"), _source = new { product_id = productId, name = "Camiseta" } } } },
        }));
        var suggestions = await new ElasticsearchProductSearch(server.Client()).SuggestAsync(Tenant, "Cámi", 7, CancellationToken.None);

        Assert.Equal([new Suggestion(productId, "Camiseta")], suggestions);
        using var body = server.Single("POST", $"/products-{Tenant:N}/_search").Json();
        var should = body.RootElement.GetProperty("query").GetProperty("bool").GetProperty("should");
        Assert.Equal("cami", should[0].GetProperty("constant_score").GetProperty("filter").GetProperty("prefix").GetProperty("name.sort").GetProperty("value").GetString());
        Assert.Equal("Cámi", should[1].GetProperty("constant_score").GetProperty("filter").GetProperty("match").GetProperty("name.autocomplete").GetProperty("query").GetString());
        Assert.Equal("AUTO", should[2].GetProperty("constant_score").GetProperty("filter").GetProperty("match").GetProperty("name").GetProperty("fuzziness").GetString());
        Assert.Equal(7, body.RootElement.GetProperty("size").GetInt32());
    }

    private static string Unescape(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
