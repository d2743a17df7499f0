using Platform.Catalog.Tenants;

namespace Platform.Catalog.Stores;

/// <summary>The request's way to its tenant's data: refuses a tenant that may not operate, then picks its store.</summary>
public sealed class TenantStores(TenantDirectory directory, ICatalogStoreFactory factory)
{
    public async Task<(TenantRegistration Tenant, ICatalogStore Store)> OpenAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var tenant = await directory.FindOperatingAsync(tenantId, cancellationToken);
        return (tenant, factory.For(tenant));
    }

    /// <summary>For the platform's operators, who may read a suspended or cancelled shop's data.</summary>
    public async Task<ICatalogStore> OpenForOperatorAsync(Guid tenantId, CancellationToken cancellationToken) =>
        factory.For(await directory.FindRegisteredAsync(tenantId, cancellationToken));
}
