using Npgsql;
using Platform.Catalog.Inventory;
using Platform.Contracts;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Stores.Postgres;

public sealed class PostgresInventoryStore(Guid tenantId, NpgsqlDataSource dataSource, OutboxWriter outbox) : IInventoryStore
{
    private const string Columns = "product_id, available, reserved, low_stock_threshold, last_restocked_at";

    public async Task<StockLevel?> RestockAsync(
        Guid productId, int quantity, DateTimeOffset at, Func<StockLevel, IReadOnlyList<IIntegrationEvent>> announce, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var restock = new NpgsqlBatchCommand($"""
            INSERT INTO catalog.inventory (tenant_id, product_id, available, last_restocked_at)
            SELECT $1, id, $3, $4 FROM catalog.products WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL
            ON CONFLICT (tenant_id, product_id) DO UPDATE SET available = catalog.inventory.available + $3, last_restocked_at = $4
            RETURNING {Columns}
            """) { Parameters = { new() { Value = tenantId }, new() { Value = productId }, new() { Value = quantity }, new() { Value = at } } };
        StockLevel? level;
        await using (var batch = PostgresTenantScope.Batch(connection, transaction, tenantId, restock))
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            level = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }

        if (level is null)
        {
            return null;
        }

        await outbox.EnqueueAsync(connection, transaction, announce(level), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
        return level;
    }

    public async Task<StockLevel?> FindAsync(Guid productId, CancellationToken cancellationToken)
    {
        var select = new NpgsqlBatchCommand("""
            SELECT p.id, coalesce(i.available, 0), coalesce(i.reserved, 0), coalesce(i.low_stock_threshold, 5), i.last_restocked_at
            FROM catalog.products p LEFT JOIN catalog.inventory i ON i.tenant_id = p.tenant_id AND i.product_id = p.id
            WHERE p.tenant_id = $1 AND p.id = $2 AND p.deleted_at IS NULL
            """) { Parameters = { new() { Value = tenantId }, new() { Value = productId } } };
        return (await QueryAsync(select, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<StockLevel>> ListLowAsync(int limit, CancellationToken cancellationToken)
    {
        var select = new NpgsqlBatchCommand("""
            SELECT i.product_id, i.available, i.reserved, i.low_stock_threshold, i.last_restocked_at
            FROM catalog.inventory i JOIN catalog.products p ON p.tenant_id = i.tenant_id AND p.id = i.product_id
            WHERE i.tenant_id = $1 AND i.available <= i.low_stock_threshold AND p.deleted_at IS NULL AND p.active
            ORDER BY i.available, i.product_id LIMIT $2
            """) { Parameters = { new() { Value = tenantId }, new() { Value = limit } } };
        return await QueryAsync(select, cancellationToken);
    }

    private async Task<List<StockLevel>> QueryAsync(NpgsqlBatchCommand select, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, select);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var levels = new List<StockLevel>();
        while (await reader.ReadAsync(cancellationToken))
        {
            levels.Add(Read(reader));
        }

        return levels;
    }

    private static StockLevel Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetInt32(1),
        reader.GetInt32(2),
        reader.GetInt32(3),
        reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
}
