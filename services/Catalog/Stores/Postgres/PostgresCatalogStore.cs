using Npgsql;
using Platform.Catalog.Analytics;
using Platform.Catalog.Categories;
using Platform.Catalog.Customers;
using Platform.Catalog.Figures;
using Platform.Catalog.Files;
using Platform.Catalog.Inventory;
using Platform.Catalog.Orders;
using Platform.Catalog.Products;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Stores.Postgres;

/// <summary>A tenant's data as rows of the shared PostgreSQL tables, every one carrying its <c>tenant_id</c>.</summary>
public sealed class PostgresCatalogStore(Guid tenantId, NpgsqlDataSource dataSource, OutboxWriter outbox) : ICatalogStore
{
    public IProductStore Products { get; } = new PostgresProductStore(tenantId, dataSource, outbox);

    public IOrderStore Orders { get; } = new PostgresOrderStore(tenantId, dataSource, outbox);

    public IInventoryStore Inventory { get; } = new PostgresInventoryStore(tenantId, dataSource, outbox);

    public ICategoryStore Categories { get; } = new PostgresCategoryStore(tenantId, dataSource, outbox);

    public IAnalyticsStore Analytics { get; } = new PostgresAnalyticsStore(tenantId, dataSource);

    public IFiguresStore Figures { get; } = new PostgresFiguresStore(tenantId, dataSource);

    public ICustomerStore Customers { get; } = new PostgresCustomerStore(tenantId, dataSource, outbox);

    public IOrderFilesStore Files { get; } = new PostgresOrderFilesStore(tenantId, dataSource);
}
