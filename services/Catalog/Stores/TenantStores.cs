using System.Collections.Concurrent;
using Platform.Catalog.Tenants;

namespace Platform.Catalog.Stores;

/// <summary>
/// The request's way to its tenant's data: refuses a tenant that may not operate, then picks its store. A tenant's store
/// is made once per registration the directory hands out (stores hold no state of a request), not once per request.
/// </summary>
public sealed class TenantStores(TenantDirectory directory, ICatalogStoreFactory factory)
{
    private readonly ConcurrentDictionary<Guid, Opened> opened = new();

    public ValueTask<(TenantRegistration Tenant, ICatalogStore Store)> OpenAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var found = directory.FindOperatingAsync(tenantId, cancellationToken);
        return found.IsCompletedSuccessfully ? ValueTask.FromResult(Open(found.Result)) : OpenLaterAsync(found);

        async ValueTask<(TenantRegistration, ICatalogStore)> OpenLaterAsync(ValueTask<TenantRegistration> found) => Open(await found);
    }

    /// <summary>For the platform's operators, who may read a suspended or cancelled shop's data.</summary>
    public async ValueTask<ICatalogStore> OpenForOperatorAsync(Guid tenantId, CancellationToken cancellationToken) =>
        Open(await directory.FindRegisteredAsync(tenantId, cancellationToken)).Store;

    private (TenantRegistration Tenant, ICatalogStore Store) Open(TenantRegistration tenant)
    {
        if (!opened.TryGetValue(tenant.TenantId, out var known) || !ReferenceEquals(known.Tenant, tenant))
        {
            known = new Opened(tenant, factory.For(tenant));
            opened[tenant.TenantId] = known;
        }

        return (known.Tenant, known.Store);
    }

    private sealed record Opened(TenantRegistration Tenant, ICatalogStore Store);
}
