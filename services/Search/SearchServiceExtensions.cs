using Platform.Search.Elasticsearch;
using Platform.Search.Indexing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Search.Querying;
using Platform.Search.Reindexing;
using Platform.ServiceDefaults.Auth;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Search;

public static class SearchServiceExtensions
{
    public const string DatabaseName = "searchdb";
    public const string Schema = "search";
    public const string EngineKey = "Search:Engine";
    public const string PostgresEngine = "postgres";
    public const string ElasticsearchEngine = "elasticsearch";

    public static IHostApplicationBuilder AddSearchServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformPostgres(DatabaseName, preparedStatements: true);
        builder.AddPostgresMigrations(Schema, typeof(SearchServiceExtensions).Assembly);
        builder.AddPlatformAuthentication();
        builder.AddPlatformMessaging(bus => bus.AddConsumer<CatalogEventsConsumer>());

        builder.AddSearchEngine();
        builder.Services.AddSingleton<ReindexJobs>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient<CatalogProducts>(http =>
        {
            if (builder.Configuration[CatalogProducts.CatalogAddressKey] is { Length: > 0 } address)
            {
                http.BaseAddress = new Uri(address.TrimEnd('/') + "/");
            }
        });
        return builder;
    }

    /// <summary>
    /// Registers the engine <see cref="EngineKey"/> names (<c>postgres</c> unless set) for all three engine interfaces
    /// at once; any other name stops the start, naming the key.
    /// </summary>
    public static IHostApplicationBuilder AddSearchEngine(this IHostApplicationBuilder builder)
    {
        var engine = builder.Configuration[EngineKey];
        switch (string.IsNullOrWhiteSpace(engine) ? PostgresEngine : engine.Trim().ToLowerInvariant())
        {
            case PostgresEngine:
                builder.Services.AddSingleton<IProductIndex, PostgresProductIndex>();
                builder.Services.AddSingleton<IProductSearch, PostgresProductSearch>();
                builder.Services.AddSingleton<IIndexRebuild, PostgresIndexRebuild>();
                break;
            case ElasticsearchEngine:
                builder.AddElasticsearchEngine();
                break;
            default:
                throw new InvalidOperationException(
                    $"{EngineKey} is '{engine}'; it names the search engine: '{PostgresEngine}' (the default) or '{ElasticsearchEngine}'.");
        }

        return builder;
    }
}
