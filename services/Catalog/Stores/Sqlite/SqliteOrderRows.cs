using Microsoft.Data.Sqlite;
using Platform.Catalog.Orders;

namespace Platform.Catalog.Stores.Sqlite;

internal static class SqliteOrderRows
{
    public static async Task<Order?> FindAsync(SqliteConnection connection, SqliteTransaction? transaction, Guid tenantId, Guid orderId, CancellationToken cancellationToken)
    {
        await using var select = new SqliteCommand("""
            SELECT number, status, total_cents, currency, description, priority, due_at, assignee, placed_at, updated_at, completed_at, version,
                customer_id
            FROM orders WHERE id = $id
            """, connection, transaction);
        select.Parameters.AddWithValue("$id", SqliteValues.Id(orderId));
        Order order;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            order = new Order(
                tenantId,
                orderId,
                reader.GetInt64(0),
                Enum.Parse<OrderStatus>(reader.GetString(1), ignoreCase: true),
                [],
                reader.GetInt64(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                Enum.Parse<OrderPriority>(reader.GetString(5), ignoreCase: true),
                reader.IsDBNull(6) ? null : SqliteValues.Time(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                SqliteValues.Time(reader.GetInt64(8)),
                SqliteValues.Time(reader.GetInt64(9)),
                reader.IsDBNull(10) ? null : SqliteValues.Time(reader.GetInt64(10)),
                reader.GetInt64(11),
                reader.IsDBNull(12) ? null : Guid.Parse(reader.GetString(12)));
        }

        await using var items = new SqliteCommand(
            "SELECT product_id, product_name, quantity, unit_price_cents FROM order_items WHERE order_id = $id ORDER BY product_id", connection, transaction);
        items.Parameters.AddWithValue("$id", SqliteValues.Id(orderId));
        var lines = new List<OrderItem>();
        await using (var reader = await items.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(new OrderItem(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)));
            }
        }

        return order with { Items = lines };
    }

    public static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, Order order, CancellationToken cancellationToken)
    {
        await using var insert = new SqliteCommand("""
            INSERT INTO orders (id, number, status, total_cents, currency, description, priority, due_at, assignee, placed_at, updated_at, completed_at, version,
                customer_id)
            VALUES ($id, $number, $status, $total, $currency, $description, $priority, $due, $assignee, $placed, $updated, NULL, $version, $customer)
            """, connection, transaction);
        insert.Parameters.AddWithValue("$id", SqliteValues.Id(order.Id));
        insert.Parameters.AddWithValue("$number", order.Number);
        insert.Parameters.AddWithValue("$status", order.Status.ToString().ToLowerInvariant());
        insert.Parameters.AddWithValue("$total", order.TotalCents);
        insert.Parameters.AddWithValue("$currency", order.Currency);
        insert.Parameters.AddWithValue("$description", (object?)order.Description ?? DBNull.Value);
        insert.Parameters.AddWithValue("$priority", order.Priority.ToString().ToLowerInvariant());
        insert.Parameters.AddWithValue("$due", order.DueAt is { } due ? SqliteValues.Time(due) : DBNull.Value);
        insert.Parameters.AddWithValue("$assignee", (object?)order.Assignee ?? DBNull.Value);
        insert.Parameters.AddWithValue("$placed", SqliteValues.Time(order.PlacedAt));
        insert.Parameters.AddWithValue("$updated", SqliteValues.Time(order.UpdatedAt));
        insert.Parameters.AddWithValue("$version", order.Version);
        insert.Parameters.AddWithValue("$customer", order.CustomerId is { } customer ? SqliteValues.Id(customer) : DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken);

        foreach (var item in order.Items)
        {
            await using var line = new SqliteCommand("""
                INSERT INTO order_items (order_id, product_id, product_name, quantity, unit_price_cents) VALUES ($order, $product, $name, $quantity, $price)
                """, connection, transaction);
            line.Parameters.AddWithValue("$order", SqliteValues.Id(order.Id));
            line.Parameters.AddWithValue("$product", SqliteValues.Id(item.ProductId));
            line.Parameters.AddWithValue("$name", item.ProductName);
            line.Parameters.AddWithValue("$quantity", item.Quantity);
            line.Parameters.AddWithValue("$price", item.UnitPriceCents);
            await line.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
