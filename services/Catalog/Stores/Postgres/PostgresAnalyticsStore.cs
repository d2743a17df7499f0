using Npgsql;
using Platform.Catalog.Analytics;

namespace Platform.Catalog.Stores.Postgres;

public sealed class PostgresAnalyticsStore(Guid tenantId, NpgsqlDataSource dataSource) : IAnalyticsStore
{
    public async Task AddViewsAsync(IReadOnlyDictionary<(Guid ProductId, DateOnly Day), long> views, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Only products that still exist: a view of a product deleted meanwhile is dropped, not an error.
        var upsert = new NpgsqlBatchCommand("""
            INSERT INTO catalog.product_daily_stats (tenant_id, product_id, day, views)
            SELECT $1, v.product_id, v.day, v.views
            FROM unnest($2::uuid[], $3::date[], $4::bigint[]) AS v (product_id, day, views)
            JOIN catalog.products p ON p.tenant_id = $1 AND p.id = v.product_id
            ON CONFLICT (tenant_id, product_id, day) DO UPDATE SET views = catalog.product_daily_stats.views + excluded.views
            """)
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = views.Keys.Select(key => key.ProductId).ToArray() },
                new() { Value = views.Keys.Select(key => key.Day).ToArray() },
                new() { Value = views.Values.ToArray() },
            },
        };
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, upsert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ProductDay>> ReadAsync(Guid productId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var select = new NpgsqlBatchCommand("""
            SELECT day, views, orders, units_sold FROM catalog.product_daily_stats
            WHERE tenant_id = $1 AND product_id = $2 AND day BETWEEN $3 AND $4 ORDER BY day
            """) { Parameters = { new() { Value = tenantId }, new() { Value = productId }, new() { Value = from }, new() { Value = to } } };
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, select);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var days = new List<ProductDay>();
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new ProductDay(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return days;
    }

    /// <summary>The delivery's sales, written in its own transaction by <see cref="PostgresOrderStore"/>.</summary>
    internal static NpgsqlBatchCommand RecordSales(Guid tenantId, Orders.Order order, DateOnly day) => new("""
        INSERT INTO catalog.product_daily_stats (tenant_id, product_id, day, orders, units_sold)
        SELECT $1, t.product_id, $2, 1, t.quantity FROM unnest($3::uuid[], $4::int[]) AS t (product_id, quantity)
        ON CONFLICT (tenant_id, product_id, day) DO UPDATE SET
            orders = catalog.product_daily_stats.orders + 1,
            units_sold = catalog.product_daily_stats.units_sold + excluded.units_sold
        """)
    {
        Parameters =
        {
            new() { Value = tenantId },
            new() { Value = day },
            new() { Value = order.Items.Select(item => item.ProductId).ToArray() },
            new() { Value = order.Items.Select(item => item.Quantity).ToArray() },
        },
    };
}
