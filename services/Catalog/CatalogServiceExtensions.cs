using Platform.Catalog.Inventory;
using Platform.Catalog.Orders;
using Platform.Catalog.Auth;
using Platform.Catalog.Analytics;
using Platform.Catalog.Categories;
using Platform.Catalog.Customers;
using Platform.Catalog.Files;
using Platform.Catalog.Products;
using Platform.Catalog.Stores;
using Platform.Catalog.Stores.Sqlite;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Auth;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.ObjectStorage;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Redis;

namespace Platform.Catalog;

public static class CatalogServiceExtensions
{
    public const string DatabaseName = "catalogdb";
    public const string Schema = "catalog";

    public static IHostApplicationBuilder AddCatalogServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformPostgres(DatabaseName, preparedStatements: true);
        builder.AddPostgresMigrations(Schema, typeof(CatalogServiceExtensions).Assembly);
        builder.AddPlatformAuthentication();
        builder.Services.AddAuthorizationBuilder().AddCatalogPolicies();
        builder.AddPlatformMessaging(bus =>
        {
            bus.AddConsumer<TenantEventsConsumer>();
            bus.AddConsumer<InvoiceConsumer>();
        });
        builder.AddPostgresOutbox(Schema);
        builder.AddSqliteTenantStores();
        builder.AddPlatformRedis();
        builder.AddPlatformRateLimiting();
        builder.AddPlatformObjectStorage();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ITenantRegistry, PostgresTenantRegistry>();
        builder.Services.AddSingleton<TenantDirectory>();
        builder.Services.AddSingleton<TenantProvisioning>();
        builder.Services.AddSingleton<ICatalogStoreFactory, CatalogStoreFactory>();
        builder.Services.AddSingleton<TenantStores>();
        builder.Services.AddSingleton<ProductService>();
        builder.Services.AddSingleton<Apis.ProductBodies>();
        builder.Services.AddSingleton<StockBroadcast>();
        builder.Services.AddSingleton<ProductCache>();
        builder.Services.AddSingleton<ProductViews>();
        builder.Services.AddSingleton<ProductViewsFlusher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ProductViewsFlusher>());
        builder.Services.AddScoped<AnalyticsService>();
        builder.Services.AddScoped<OrderService>();
        builder.Services.AddScoped<InventoryService>();
        builder.Services.AddScoped<CategoryService>();
        builder.Services.AddScoped<CustomerService>();
        builder.Services.AddScoped<ProductImageService>();
        builder.Services.AddScoped<OrderFileService>();
        builder.Services.AddScoped<InvoiceGenerator>();
        return builder;
    }

    private static void AddSqliteTenantStores(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Catalog:Sqlite").Get<SqliteStoreOptions>() ?? new SqliteStoreOptions();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new InvalidOperationException("Catalog:Sqlite:DataDirectory must name the folder of the SQLite tenants' files.");
        }

        options.DataDirectory = Path.GetFullPath(options.DataDirectory, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new SqliteMigrator(MigrationSet.LoadEmbedded(typeof(CatalogServiceExtensions).Assembly, SqliteMigrator.ResourcePrefix)));
        builder.Services.AddSingleton<SqliteTenantDatabases>();
        builder.Services.AddSingleton<SqliteOutboxSignal>();
        builder.Services.AddSingleton<SqliteOutboxWriter>();
        builder.Services.AddHostedService<SqliteOutboxRelay>();
        builder.Services.AddHostedService<SqliteMigrationHostedService>();
    }
}
