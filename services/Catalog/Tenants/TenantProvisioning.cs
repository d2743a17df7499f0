using Platform.Catalog.Stores.Sqlite;
using Platform.Contracts.Admin;

namespace Platform.Catalog.Tenants;

/// <summary>
/// Applies Admin's tenant events: a provisioned tenant gets its store (a migrated SQLite file, or nothing more than its
/// registration for the shared PostgreSQL tables) before it is registered, so a registered tenant always has a store.
/// Every step is idempotent: a redelivered event changes nothing.
/// </summary>
public sealed class TenantProvisioning(
    ITenantRegistry registry,
    SqliteTenantDatabases sqlite,
    TenantDirectory directory,
    ILogger<TenantProvisioning> logger)
{
    public async Task ProvisionAsync(TenantProvisioned provisioned, CancellationToken cancellationToken)
    {
        var store = provisioned.DatabaseType.ToLowerInvariant() switch
        {
            "postgres" => StoreKind.Postgres,
            "sqlite" => StoreKind.Sqlite,
            var other => throw new InvalidOperationException($"Tenant {provisioned.TenantId} asks for an unknown store type '{other}'."),
        };

        if (store == StoreKind.Sqlite)
        {
            await sqlite.CreateAsync(provisioned.TenantId, cancellationToken);
        }

        var registered = await registry.RegisterAsync(new TenantRegistration(
            provisioned.TenantId,
            store,
            TenantStatus.Active,
            provisioned.OccurredAt,
            provisioned.PlanId,
            provisioned.MaxProducts,
            provisioned.OccurredAt,
            provisioned.OccurredAt), cancellationToken);
        directory.Forget(provisioned.TenantId);

        if (registered)
        {
            logger.LogInformation("Provisioned tenant {TenantId} ({Store} store)", provisioned.TenantId, store);
        }
    }

    public async Task ChangePlanAsync(TenantPlanChanged changed, CancellationToken cancellationToken)
    {
        await registry.ChangePlanAsync(changed.TenantId, changed.PlanId, changed.MaxProducts, changed.OccurredAt, cancellationToken);
        directory.Forget(changed.TenantId);
    }

    public async Task ChangeStatusAsync(Guid tenantId, TenantStatus status, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        await registry.ChangeStatusAsync(tenantId, status, occurredAt, cancellationToken);
        directory.Forget(tenantId);
    }
}
