using System.Text.Json;
using Platform.Search.Elasticsearch;

namespace Platform.Search.Tests.Elasticsearch;

/// <summary>A rebuild's requests against a fake Elasticsearch: a new index, <c>_bulk</c>, <c>_reindex</c>, the alias switch.</summary>
public sealed class ElasticsearchRebuildTests : FakeElasticsearchTests
{
    private ElasticsearchIndexRebuild Rebuild()
    {
        var client = server.Client();
        return new ElasticsearchIndexRebuild(client, new TenantIndices(client), new ProductSignals(client));
    }

    [Fact]
    public async Task Staging_creates_the_build_index_with_the_mapping_and_bulk_indexes_with_external_versions()
    {
        var buildId = Guid.NewGuid();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var index = $"products-{Tenant:N}-{buildId:N}";
        server.Respond = request => request.Path switch
        {
            var path when path.EndsWith("/_mget") => CannedResponse.Ok($$$"""
                {"docs":[{"_id":"popularity-{{{second:N}}}","found":true,"_version":3,"_source":{"units":11,"events":[]}}]}
                """),
            "/_bulk" => CannedResponse.Ok("""{"errors":false,"items":[]}"""),
            _ => CannedResponse.Ok("""{"acknowledged":true}"""),
        };

        await Rebuild().StageAsync(buildId, [ElasticsearchIndexTests.Product(first, 2, tenantId: Tenant), ElasticsearchIndexTests.Product(second, 5, tenantId: Tenant)], CancellationToken.None);

        using var created = server.Single("PUT", $"/{index}").Json();
        var analysis = created.RootElement.GetProperty("settings").GetProperty("analysis");
        Assert.Equal(["lowercase", "pt_stop", "asciifolding", "pt_stemmer"],
            analysis.GetProperty("analyzer").GetProperty("pt_folded").GetProperty("filter").EnumerateArray().Select(filter => filter.GetString()));
        Assert.Equal("light_portuguese", analysis.GetProperty("filter").GetProperty("pt_stemmer").GetProperty("language").GetString());
        var properties = created.RootElement.GetProperty("mappings").GetProperty("properties");
        Assert.Equal("pt_folded", properties.GetProperty("name").GetProperty("analyzer").GetString());
        Assert.Equal("pt_autocomplete", properties.GetProperty("name").GetProperty("fields").GetProperty("autocomplete").GetProperty("analyzer").GetString());
        Assert.Equal("long", properties.GetProperty("price_cents").GetProperty("type").GetString());
        Assert.Equal("integer", properties.GetProperty("available").GetProperty("type").GetString());
        Assert.Equal("date", properties.GetProperty("created_at").GetProperty("type").GetString());
        Assert.Equal("keyword", properties.GetProperty("tags").GetProperty("type").GetString());
        Assert.False(created.RootElement.TryGetProperty("aliases", out _));

        var lines = server.Single("POST", "/_bulk").Lines();
        Assert.Equal(4, lines.Count);
        var action = lines[2].GetProperty("index");
        Assert.Equal(index, action.GetProperty("_index").GetString());
        Assert.Equal(second.ToString("N"), action.GetProperty("_id").GetString());
        Assert.Equal("external", action.GetProperty("version_type").GetString());
        Assert.Equal(5 * ProductIndexNames.VersionScale, action.GetProperty("version").GetInt64());
        Assert.Equal(11, lines[3].GetProperty("popularity").GetInt64());
        Assert.Equal(0, lines[1].GetProperty("popularity").GetInt64());
    }

    [Fact]
    public async Task Switching_copies_the_live_index_with_external_versions_retires_unlisted_products_then_moves_the_alias()
    {
        var buildId = Guid.NewGuid();
        var (listed, unlisted) = (Guid.NewGuid(), Guid.NewGuid());
        var alias = $"products-{Tenant:N}";
        var index = $"products-{Tenant:N}-{buildId:N}";
        var old = $"products-{Tenant:N}-{Guid.Empty:N}";
        server.Respond = request => (request.Method, request.Path) switch
        {
            ("GET", var path) when path == $"/_alias/{alias}" => CannedResponse.Ok("{\"" + old + "\":{\"aliases\":{\"" + alias + "\":{}}}}"),
            ("POST", "/_reindex") => CannedResponse.Ok("""{"total":2,"created":1,"updated":0,"noops":0,"version_conflicts":1,"failures":[]}"""),
            // The build's own products first (what Catalog listed), then the live ones the copy marked.
            ("POST", var path) when path == $"/{index}/_search" => CannedResponse.Ok(JsonSerializer.Serialize(new
            {
                hits = new
                {
                    hits = (request.Body.Contains("rebuild_copy") ? new[] { listed, unlisted } : [listed]).Select(id => new { _id = id.ToString("N"), _source = new { tenant_id = Tenant, product_id = id }, sort = new[] { id.ToString() } }),
                },
            })),
            ("POST", "/_bulk") when request.Body.Contains("\"update\"") =>
                CannedResponse.Ok("""{"errors":false,"items":[{"update":{"_id":"ID","status":200,"result":"updated"}}]}""".Replace("ID", unlisted.ToString("N"))),
            ("POST", "/_bulk") => CannedResponse.Ok("""{"errors":false,"items":[]}"""),
            _ => CannedResponse.Ok("""{"acknowledged":true}"""),
        };
        var rebuild = Rebuild();
        await rebuild.StageAsync(buildId, [ElasticsearchIndexTests.Product(listed, 1, tenantId: Tenant)], CancellationToken.None);
        var startedAt = DateTimeOffset.Parse("2026-05-01T00:00:00Z");

        Assert.Equal(1, await rebuild.SwitchAsync(Tenant, buildId, startedAt, CancellationToken.None));

        var reindexes = server.Requests.Where(request => request.Path == "/_reindex").ToList();
        Assert.Equal(2, reindexes.Count);
        using var first = reindexes[0].Json();
        Assert.Equal(old, first.RootElement.GetProperty("source").GetProperty("index").GetString());
        Assert.Equal(index, first.RootElement.GetProperty("dest").GetProperty("index").GetString());
        Assert.Equal("external", first.RootElement.GetProperty("dest").GetProperty("version_type").GetString());
        Assert.Equal("proceed", first.RootElement.GetProperty("conflicts").GetString());
        Assert.Equal(buildId.ToString(), first.RootElement.GetProperty("script").GetProperty("params").GetProperty("build_id").GetString());

        var searches = server.Requests.Where(request => request.Path == $"/{index}/_search").ToList();
        Assert.Equal(2, searches.Count);
        var order = server.Requests.ToList();
        Assert.True(order.IndexOf(searches[0]) < order.IndexOf(reindexes[0]), "the build's products are read before the live ones are copied in");
        using var retireQuery = searches[1].Json();
        var filters = retireQuery.RootElement.GetProperty("query").GetProperty("bool").GetProperty("filter");
        Assert.Equal(buildId.ToString(), filters[0].GetProperty("term").GetProperty("rebuild_copy").GetProperty("value").GetString());
        Assert.Equal(startedAt, filters[1].GetProperty("range").GetProperty("updated_at").GetProperty("lt").GetDateTimeOffset());
        var retired = server.Requests.Single(request => request.Path == "/_bulk" && request.Body.Contains("\"update\"")).Lines();
        Assert.Equal(2, retired.Count);
        Assert.Equal(unlisted.ToString("N"), retired[0].GetProperty("update").GetProperty("_id").GetString());
        Assert.Equal(PainlessScripts.Retire, retired[1].GetProperty("script").GetProperty("source").GetString());

        using var aliases = server.Single("POST", "/_aliases").Json();
        Assert.Equal(
            $$$"""[{"remove":{"index":"{{{old}}}","alias":"{{{alias}}}"}},{"add":{"index":"{{{index}}}","alias":"{{{alias}}}"}}]""",
            aliases.RootElement.GetProperty("actions").GetRawText());
        var calls = server.Requests.Select(request => (request.Method, request.Path)).ToList();
        Assert.True(calls.IndexOf(("POST", "/_aliases")) < calls.LastIndexOf(("POST", "/_reindex")), "writes that reached the old index meanwhile are copied after the switch");
        Assert.True(calls.IndexOf(("DELETE", $"/{old}")) > calls.IndexOf(("POST", "/_aliases")));
    }

    [Fact]
    public async Task A_failed_reindex_throws_and_leaves_the_alias_alone()
    {
        var buildId = Guid.NewGuid();
        server.Respond = request => (request.Method, request.Path) switch
        {
            ("GET", var path) when path.StartsWith("/_alias/") => CannedResponse.Ok("""{"INDEX":{"aliases":{}}}""".Replace("INDEX", $"products-{Tenant:N}-{Guid.Empty:N}")),
            ("POST", "/_reindex") => CannedResponse.Ok("""{"total":1,"created":0,"failures":[{"cause":{"type":"mapper_exception"}}]}"""),
            _ => CannedResponse.Ok("""{"acknowledged":true}"""),
        };

        await Assert.ThrowsAsync<ElasticsearchException>(() => Rebuild().SwitchAsync(Tenant, buildId, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.DoesNotContain(server.Requests, request => request.Path == "/_aliases");
    }

    [Fact]
    public async Task Abandoning_deletes_the_build_index_unless_an_alias_points_at_it()
    {
        var buildId = Guid.NewGuid();
        var index = $"products-{Tenant:N}-{buildId:N}";
        server.Respond = request => (request.Method, request.Path) switch
        {
            ("GET", var path) when path.StartsWith("/_resolve/index/") => CannedResponse.Ok($$$"""{"indices":[{"name":"{{{index}}}"}],"aliases":[]}"""),
            ("GET", var path) when path.EndsWith("/_alias") => CannedResponse.Ok("""{"INDEX":{"aliases":{}}}""".Replace("INDEX", index)),
            _ => CannedResponse.Ok("""{"acknowledged":true}"""),
        };

        await Rebuild().AbandonAsync(buildId, CancellationToken.None);

        Assert.Equal($"/_resolve/index/products-*-{buildId:N}", server.Requests[0].Path);
        server.Single("DELETE", $"/{index}");
    }
}
