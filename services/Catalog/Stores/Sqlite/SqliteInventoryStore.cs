using Microsoft.Data.Sqlite;
using Platform.Catalog.Inventory;
using Platform.Contracts;

namespace Platform.Catalog.Stores.Sqlite;

public sealed class SqliteInventoryStore(Guid tenantId, SqliteTenantDatabases databases, SqliteOutboxWriter outbox) : IInventoryStore
{
    public async Task<StockLevel?> RestockAsync(
        Guid productId, int quantity, DateTimeOffset at, Func<StockLevel, IReadOnlyList<IIntegrationEvent>> announce, CancellationToken cancellationToken)
    {
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);
        await using var restock = new SqliteCommand("""
            INSERT INTO inventory (product_id, available, last_restocked_at)
            SELECT id, $quantity, $at FROM products WHERE id = $id AND deleted_at IS NULL
            ON CONFLICT (product_id) DO UPDATE SET available = available + $quantity, last_restocked_at = $at
            RETURNING product_id, available, reserved, low_stock_threshold, last_restocked_at
            """, connection, transaction);
        restock.Parameters.AddWithValue("$id", SqliteValues.Id(productId));
        restock.Parameters.AddWithValue("$quantity", quantity);
        restock.Parameters.AddWithValue("$at", SqliteValues.Time(at));
        StockLevel? level;
        await using (var reader = await restock.ExecuteReaderAsync(cancellationToken))
        {
            level = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }

        if (level is null)
        {
            return null;
        }

        await outbox.EnqueueAsync(connection, transaction, announce(level), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted(tenantId);
        return level;
    }

    public async Task<StockLevel?> FindAsync(Guid productId, CancellationToken cancellationToken)
    {
        var levels = await QueryAsync("""
            SELECT p.id, coalesce(i.available, 0), coalesce(i.reserved, 0), coalesce(i.low_stock_threshold, 5), i.last_restocked_at
            FROM products p LEFT JOIN inventory i ON i.product_id = p.id
            WHERE p.id = $id AND p.deleted_at IS NULL
            """, ("$id", SqliteValues.Id(productId)), cancellationToken);
        return levels.SingleOrDefault();
    }

    public Task<IReadOnlyList<StockLevel>> ListLowAsync(int limit, CancellationToken cancellationToken) => QueryAsync("""
        SELECT i.product_id, i.available, i.reserved, i.low_stock_threshold, i.last_restocked_at
        FROM inventory i JOIN products p ON p.id = i.product_id
        WHERE i.available <= i.low_stock_threshold AND p.deleted_at IS NULL AND p.active = 1
        ORDER BY i.available, i.product_id LIMIT $limit
        """, ("$limit", limit), cancellationToken);

    private async Task<IReadOnlyList<StockLevel>> QueryAsync(string sql, (string Name, object Value) parameter, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        await using var select = new SqliteCommand(sql, connection);
        select.Parameters.AddWithValue(parameter.Name, parameter.Value);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var levels = new List<StockLevel>();
        while (await reader.ReadAsync(cancellationToken))
        {
            levels.Add(Read(reader));
        }

        return levels;
    }

    private static StockLevel Read(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        reader.GetInt32(1),
        reader.GetInt32(2),
        reader.GetInt32(3),
        reader.IsDBNull(4) ? null : SqliteValues.Time(reader.GetInt64(4)));
}
