using Platform.Catalog.Analytics;
using Platform.Catalog.Categories;
using Platform.Catalog.Customers;
using Platform.Catalog.Figures;
using Platform.Catalog.Files;
using Platform.Catalog.Inventory;
using Platform.Catalog.Orders;
using Platform.Catalog.Products;

namespace Platform.Catalog.Stores;

/// <summary>One tenant's data, whichever store holds it; endpoints and services see only these interfaces.</summary>
public interface ICatalogStore
{
    IProductStore Products { get; }

    IOrderStore Orders { get; }

    IInventoryStore Inventory { get; }

    ICategoryStore Categories { get; }

    IAnalyticsStore Analytics { get; }

    IFiguresStore Figures { get; }

    ICustomerStore Customers { get; }

    IOrderFilesStore Files { get; }
}
