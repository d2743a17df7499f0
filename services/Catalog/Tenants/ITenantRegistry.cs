namespace Platform.Catalog.Tenants;

/// <summary>The tenants Catalog serves. Changes are idempotent and ignore events older than what is recorded.</summary>
public interface ITenantRegistry
{
    Task<TenantRegistration?> FindAsync(Guid tenantId, CancellationToken cancellationToken);

    /// <summary>Records a new tenant; false when it was already registered (a redelivered event).</summary>
    Task<bool> RegisterAsync(TenantRegistration tenant, CancellationToken cancellationToken);

    Task ChangePlanAsync(Guid tenantId, Guid planId, int maxProducts, DateTimeOffset changedAt, CancellationToken cancellationToken);

    Task ChangeStatusAsync(Guid tenantId, TenantStatus status, DateTimeOffset changedAt, CancellationToken cancellationToken);

    Task<IReadOnlyList<TenantRegistration>> ListAsync(StoreKind store, CancellationToken cancellationToken);
}
