using Npgsql;
using Platform.Catalog.Orders;

namespace Platform.Catalog.Stores.Postgres;

/// <summary>Reads orders with their items in one round trip, in the order of the ids asked for.</summary>
internal static class PostgresOrderRows
{
    public const string Columns =
        "id, number, status, total_cents, currency, description, priority, due_at, assignee, placed_at, updated_at, completed_at, version, customer_id";

    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static async Task<List<Order>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, IReadOnlyList<Guid> ids, bool forUpdate, CancellationToken cancellationToken)
    {
        var orders = new NpgsqlBatchCommand($"""
            SELECT {Columns} FROM catalog.orders WHERE tenant_id = $1 AND id = ANY($2){(forUpdate ? " FOR UPDATE" : "")}
            """) { Parameters = { new() { Value = tenantId }, new() { Value = ids.ToArray() } } };
        var items = new NpgsqlBatchCommand("""
            SELECT order_id, product_id, product_name, quantity, unit_price_cents FROM catalog.order_items
            WHERE tenant_id = $1 AND order_id = ANY($2) ORDER BY order_id, product_id
            """) { Parameters = { new() { Value = tenantId }, new() { Value = ids.ToArray() } } };

        var rows = new Dictionary<Guid, Order>();
        var lines = new Dictionary<Guid, List<OrderItem>>();
        await using var batch = PostgresTenantScope.Batch(connection, transaction, tenantId, orders, items);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            rows[id] = new Order(
                tenantId,
                id,
                reader.GetInt64(1),
                Enum.Parse<OrderStatus>(reader.GetString(2), ignoreCase: true),
                [],
                reader.GetInt64(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                Enum.Parse<OrderPriority>(reader.GetString(6), ignoreCase: true),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetFieldValue<DateTimeOffset>(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                reader.GetInt64(12),
                reader.IsDBNull(13) ? null : reader.GetGuid(13));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var orderId = reader.GetGuid(0);
            if (!lines.TryGetValue(orderId, out var list))
            {
                lines[orderId] = list = [];
            }

            list.Add(new OrderItem(reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4)));
        }

        return ids.Where(rows.ContainsKey).Select(id => rows[id] with { Items = lines.GetValueOrDefault(id) ?? [] }).ToList();
    }
}
