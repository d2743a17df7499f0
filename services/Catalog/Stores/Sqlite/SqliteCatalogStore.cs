using Platform.Catalog.Analytics;
using Platform.Catalog.Categories;
using Platform.Catalog.Customers;
using Platform.Catalog.Figures;
using Platform.Catalog.Files;
using Platform.Catalog.Inventory;
using Platform.Catalog.Orders;
using Platform.Catalog.Products;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>A tenant's data in its own SQLite file; the file is the tenant wall.</summary>
public sealed class SqliteCatalogStore(Guid tenantId, SqliteTenantDatabases databases, SqliteOutboxWriter outbox) : ICatalogStore
{
    public IProductStore Products { get; } = new SqliteProductStore(tenantId, databases, outbox);

    public IOrderStore Orders { get; } = new SqliteOrderStore(tenantId, databases, outbox);

    public IInventoryStore Inventory { get; } = new SqliteInventoryStore(tenantId, databases, outbox);

    public ICategoryStore Categories { get; } = new SqliteCategoryStore(tenantId, databases, outbox);

    public IAnalyticsStore Analytics { get; } = new SqliteAnalyticsStore(tenantId, databases);

    public IFiguresStore Figures { get; } = new SqliteFiguresStore(tenantId, databases);

    public ICustomerStore Customers { get; } = new SqliteCustomerStore(tenantId, databases, outbox);
    public IOrderFilesStore Files { get; } = new SqliteOrderFilesStore(tenantId, databases);
}
