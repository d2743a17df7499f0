using Npgsql;

namespace Platform.Catalog.Tenants;

/// <summary>The registry in Catalog's PostgreSQL database (<c>catalog.tenants</c>), whatever store each tenant uses.</summary>
public sealed class PostgresTenantRegistry(NpgsqlDataSource dataSource) : ITenantRegistry
{
    private const string Columns = "tenant_id, store, status, status_changed_at, plan_id, max_products, plan_changed_at, provisioned_at";

    public async Task<TenantRegistration?> FindAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM catalog.tenants WHERE tenant_id = $1");
        command.Parameters.Add(new() { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<bool> RegisterAsync(TenantRegistration tenant, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO catalog.tenants ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (tenant_id) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = tenant.TenantId });
        command.Parameters.Add(new() { Value = Name(tenant.Store) });
        command.Parameters.Add(new() { Value = Name(tenant.Status) });
        command.Parameters.Add(new() { Value = tenant.StatusChangedAt });
        command.Parameters.Add(new() { Value = tenant.PlanId });
        command.Parameters.Add(new() { Value = tenant.MaxProducts });
        command.Parameters.Add(new() { Value = tenant.PlanChangedAt });
        command.Parameters.Add(new() { Value = tenant.ProvisionedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ChangePlanAsync(Guid tenantId, Guid planId, int maxProducts, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE catalog.tenants SET plan_id = $2, max_products = $3, plan_changed_at = $4
            WHERE tenant_id = $1 AND plan_changed_at <= $4
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = planId });
        command.Parameters.Add(new() { Value = maxProducts });
        command.Parameters.Add(new() { Value = changedAt });
        await UpdateKnownTenantAsync(command, tenantId, cancellationToken);
    }

    public async Task ChangeStatusAsync(Guid tenantId, TenantStatus status, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        // A cancelled tenant stays cancelled, whatever arrives later.
        await using var command = dataSource.CreateCommand("""
            UPDATE catalog.tenants SET status = $2, status_changed_at = $3
            WHERE tenant_id = $1 AND status_changed_at <= $3 AND status <> 'cancelled'
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = Name(status) });
        command.Parameters.Add(new() { Value = changedAt });
        await UpdateKnownTenantAsync(command, tenantId, cancellationToken);
    }

    public async Task<IReadOnlyList<TenantRegistration>> ListAsync(StoreKind store, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM catalog.tenants WHERE store = $1 ORDER BY tenant_id");
        command.Parameters.Add(new() { Value = Name(store) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tenants = new List<TenantRegistration>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(Read(reader));
        }

        return tenants;
    }

    /// <summary>
    /// An update that touched nothing is fine when the event was older than the record; for a tenant never registered
    /// it throws, so the consumer retries until the provisioning event (possibly delivered later) has been applied.
    /// </summary>
    private async Task UpdateKnownTenantAsync(NpgsqlCommand command, Guid tenantId, CancellationToken cancellationToken)
    {
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0 && await FindAsync(tenantId, cancellationToken) is null)
        {
            throw new TenantNotRegisteredException(tenantId);
        }
    }

    private static TenantRegistration Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        Enum.Parse<StoreKind>(reader.GetString(1), ignoreCase: true),
        Enum.Parse<TenantStatus>(reader.GetString(2), ignoreCase: true),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetGuid(4),
        reader.GetInt32(5),
        reader.GetFieldValue<DateTimeOffset>(6),
        reader.GetFieldValue<DateTimeOffset>(7));

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

public sealed class TenantNotRegisteredException(Guid tenantId)
    : Exception($"Tenant {tenantId} is not registered in Catalog (yet): its provisioning event has not been applied.");
