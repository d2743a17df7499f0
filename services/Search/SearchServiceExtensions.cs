using Platform.Search.Indexing;
using Platform.Search.Querying;
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
        builder.AddPlatformPostgres(DatabaseName);
        builder.AddPostgresMigrations(Schema, typeof(SearchServiceExtensions).Assembly);
        builder.AddPlatformAuthentication();
        builder.AddPlatformMessaging(bus => bus.AddConsumer<CatalogEventsConsumer>());

        builder.Services.AddSingleton<IProductIndex, PostgresProductIndex>();
        builder.Services.AddSingleton<IProductSearch, PostgresProductSearch>();
        return builder;
    }
}
