using Npgsql;
using Platform.Catalog.Stores.Postgres;
using Platform.Catalog.Stores.Sqlite;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Stores;

public sealed class CatalogStoreFactory(
    NpgsqlDataSource postgres,
    OutboxWriter postgresOutbox,
    SqliteTenantDatabases sqlite,
    SqliteOutboxWriter sqliteOutbox) : ICatalogStoreFactory
{
    public ICatalogStore For(TenantRegistration tenant) => tenant.Store switch
    {
        StoreKind.Postgres => new PostgresCatalogStore(tenant.TenantId, postgres, postgresOutbox),
        StoreKind.Sqlite => new SqliteCatalogStore(tenant.TenantId, sqlite, sqliteOutbox),
        _ => throw new InvalidOperationException($"Tenant {tenant.TenantId} has an unknown store {tenant.Store}."),
    };
}
