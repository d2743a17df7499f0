using Npgsql;

namespace Platform.Catalog.Stores.Postgres;

/// <summary>
/// The first statement of every tenant transaction in the shared database: it runs the rest as
/// <c>catalog_tenant</c> with <c>app.tenant_id</c> set, so row-level security hides every other tenant's rows.
/// Both settings are transaction-local, so nothing leaks to the next user of a pooled connection.
/// </summary>
internal static class PostgresTenantScope
{
    public static NpgsqlBatchCommand Enter(Guid tenantId) => new(
        "SELECT set_config('app.tenant_id', $1, true), set_config('role', 'catalog_tenant', true)")
    {
        Parameters = { new() { Value = tenantId.ToString("D") } },
    };

    /// <summary>A batch that runs <paramref name="commands"/> in the tenant's scope, as one implicit transaction.</summary>
    public static NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, params NpgsqlBatchCommand[] commands)
    {
        var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { Enter(tenantId) } };
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        return batch;
    }
}
