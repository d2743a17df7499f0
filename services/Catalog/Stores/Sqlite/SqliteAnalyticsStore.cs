using System.Globalization;
using Microsoft.Data.Sqlite;
using Platform.Catalog.Analytics;

namespace Platform.Catalog.Stores.Sqlite;

public sealed class SqliteAnalyticsStore(Guid tenantId, SqliteTenantDatabases databases) : IAnalyticsStore
{
    public async Task AddViewsAsync(IReadOnlyDictionary<(Guid ProductId, DateOnly Day), long> views, CancellationToken cancellationToken)
    {
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);
        foreach (var ((productId, day), count) in views)
        {
            // Only products that still exist: a view of a product deleted meanwhile is dropped, not an error.
            await using var upsert = new SqliteCommand("""
                INSERT INTO product_daily_stats (product_id, day, views)
                SELECT id, $day, $views FROM products WHERE id = $product
                ON CONFLICT (product_id, day) DO UPDATE SET views = views + excluded.views
                """, connection, transaction);
            upsert.Parameters.AddWithValue("$product", SqliteValues.Id(productId));
            upsert.Parameters.AddWithValue("$day", Day(day));
            upsert.Parameters.AddWithValue("$views", count);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ProductDay>> ReadAsync(Guid productId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        await using var select = new SqliteCommand("""
            SELECT day, views, orders, units_sold FROM product_daily_stats
            WHERE product_id = $product AND day BETWEEN $from AND $to ORDER BY day
            """, connection);
        select.Parameters.AddWithValue("$product", SqliteValues.Id(productId));
        select.Parameters.AddWithValue("$from", Day(from));
        select.Parameters.AddWithValue("$to", Day(to));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var days = new List<ProductDay>();
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new ProductDay(DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return days;
    }

    /// <summary>The delivery's sales, written in its own transaction by <see cref="SqliteOrderStore"/>.</summary>
    internal static async Task RecordSalesAsync(SqliteConnection connection, SqliteTransaction transaction, Orders.Order order, DateOnly day, CancellationToken cancellationToken)
    {
        foreach (var item in order.Items)
        {
            await using var upsert = new SqliteCommand("""
                INSERT INTO product_daily_stats (product_id, day, orders, units_sold) VALUES ($product, $day, 1, $units)
                ON CONFLICT (product_id, day) DO UPDATE SET orders = orders + 1, units_sold = units_sold + excluded.units_sold
                """, connection, transaction);
            upsert.Parameters.AddWithValue("$product", SqliteValues.Id(item.ProductId));
            upsert.Parameters.AddWithValue("$day", Day(day));
            upsert.Parameters.AddWithValue("$units", item.Quantity);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
