namespace Platform.Catalog.Figures;

/// <summary>The dashboard's figures in each dialect: one statement, one round trip, the same definitions.</summary>
internal static class FiguresSql
{
    public const string Postgres = """
        SELECT
            (SELECT count(*) FROM catalog.products WHERE tenant_id = $1 AND deleted_at IS NULL),
            (SELECT count(*) FROM catalog.products WHERE tenant_id = $1 AND deleted_at IS NULL AND active),
            (SELECT count(*) FROM catalog.inventory i JOIN catalog.products p ON p.tenant_id = i.tenant_id AND p.id = i.product_id
             WHERE i.tenant_id = $1 AND p.deleted_at IS NULL AND p.active AND i.available <= i.low_stock_threshold),
            (SELECT count(*) FROM catalog.orders WHERE tenant_id = $1),
            (SELECT count(*) FROM catalog.orders WHERE tenant_id = $1 AND status IN ('pending', 'confirmed', 'shipped')),
            (SELECT coalesce(sum(total_cents), 0)::bigint FROM catalog.orders WHERE tenant_id = $1 AND status IN ('confirmed', 'shipped', 'delivered'))
        """;

    public const string Sqlite = """
        SELECT
            (SELECT count(*) FROM products WHERE deleted_at IS NULL),
            (SELECT count(*) FROM products WHERE deleted_at IS NULL AND active = 1),
            (SELECT count(*) FROM inventory i JOIN products p ON p.id = i.product_id
             WHERE p.deleted_at IS NULL AND p.active = 1 AND i.available <= i.low_stock_threshold),
            (SELECT count(*) FROM orders),
            (SELECT count(*) FROM orders WHERE status IN ('pending', 'confirmed', 'shipped')),
            (SELECT coalesce(sum(total_cents), 0) FROM orders WHERE status IN ('confirmed', 'shipped', 'delivered'))
        """;
}
