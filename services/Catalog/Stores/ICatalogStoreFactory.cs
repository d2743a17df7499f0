using Platform.Catalog.Tenants;

namespace Platform.Catalog.Stores;

/// <summary>Picks the store a tenant's registration names. One registration swaps the whole family of stores.</summary>
public interface ICatalogStoreFactory
{
    ICatalogStore For(TenantRegistration tenant);
}
