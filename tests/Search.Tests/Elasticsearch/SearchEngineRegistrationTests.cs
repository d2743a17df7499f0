using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Search.Elasticsearch;
using Platform.Search.Indexing;
using Platform.Search.Querying;
using Platform.Search.Reindexing;

namespace Platform.Search.Tests.Elasticsearch;

/// <summary><c>Search:Engine</c> swaps all three engine interfaces at once; a wrong name stops the start.</summary>
public sealed class SearchEngineRegistrationTests
{
    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private static Type? Implementation<T>(HostApplicationBuilder builder) =>
        builder.Services.Single(service => service.ServiceType == typeof(T)).ImplementationType;

    [Fact]
    public void PostgreSQL_is_the_default_engine()
    {
        var builder = Builder([]);
        builder.AddSearchEngine();

        Assert.Equal(typeof(PostgresProductIndex), Implementation<IProductIndex>(builder));
        Assert.Equal(typeof(PostgresProductSearch), Implementation<IProductSearch>(builder));
        Assert.Equal(typeof(PostgresIndexRebuild), Implementation<IIndexRebuild>(builder));
    }

    [Fact]
    public void Elasticsearch_replaces_all_three_interfaces()
    {
        var builder = Builder(new()
        {
            [SearchServiceExtensions.EngineKey] = "Elasticsearch",
            ["ConnectionStrings:elasticsearch"] = "http://elastic:secret@127.0.0.1:9200",
        });
        builder.AddSearchEngine();

        Assert.Equal(typeof(ElasticsearchProductIndex), Implementation<IProductIndex>(builder));
        Assert.Equal(typeof(ElasticsearchProductSearch), Implementation<IProductSearch>(builder));
        Assert.Equal(typeof(ElasticsearchIndexRebuild), Implementation<IIndexRebuild>(builder));
        using var services = builder.Services.BuildServiceProvider();
        Assert.IsType<ElasticsearchProductSearch>(services.GetRequiredService<IProductSearch>());
    }

    [Fact]
    public void An_unknown_engine_fails_naming_the_key()
    {
        var builder = Builder(new() { [SearchServiceExtensions.EngineKey] = "solr" });
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddSearchEngine());
        Assert.Contains("Search:Engine", error.Message);
        Assert.Contains("solr", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("localhost:9200")]
    public void Elasticsearch_without_a_usable_connection_string_fails_naming_it(string? connectionString)
    {
        var builder = Builder(new() { [SearchServiceExtensions.EngineKey] = "elasticsearch", ["ConnectionStrings:elasticsearch"] = connectionString });
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddSearchEngine());
        Assert.Contains("ConnectionStrings:elasticsearch", error.Message);
    }
}
