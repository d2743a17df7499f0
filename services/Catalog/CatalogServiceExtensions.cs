using Platform.Catalog.Products;
using Platform.ServiceDefaults.Auth;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Catalog;

public static class CatalogServiceExtensions
{
    public const string DatabaseName = "catalogdb";
    public const string Schema = "catalog";

    public static IHostApplicationBuilder AddCatalogServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformPostgres(DatabaseName);
        builder.AddPostgresMigrations(Schema, typeof(CatalogServiceExtensions).Assembly);
        builder.AddPlatformAuthentication();
        builder.AddPlatformMessaging();
        builder.AddPostgresOutbox(Schema);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<IProductStore, PostgresProductStore>();
        builder.Services.AddScoped<ProductService>();
        return builder;
    }
}
