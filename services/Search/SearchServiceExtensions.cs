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

    public static IHostApplicationBuilder AddSearchServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformPostgres(DatabaseName, preparedStatements: true);
        builder.AddPostgresMigrations(Schema, typeof(SearchServiceExtensions).Assembly);
        builder.AddPlatformAuthentication();
        builder.AddPlatformMessaging(bus => bus.AddConsumer<CatalogEventsConsumer>());

        builder.Services.AddSingleton<IProductIndex, PostgresProductIndex>();
        builder.Services.AddSingleton<IProductSearch, PostgresProductSearch>();
        builder.Services.AddSingleton<IIndexRebuild, PostgresIndexRebuild>();
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
}
