using Npgsql;
using NpgsqlTypes;

namespace Platform.Search.Indexing;

/// <summary>
/// The embedded engine's writes, on the platform's PostgreSQL. Each write is one statement whose condition (version,
/// time, or an event id not yet applied) makes repeats and late arrivals change nothing.
/// </summary>
public sealed class PostgresProductIndex(NpgsqlDataSource dataSource) : IProductIndex
{
    public async Task<bool> UpsertAsync(IndexedProduct product, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO search.products AS p
                (tenant_id, product_id, name, description, category_id, category, tags, price_cents, currency, active,
                 version, price_version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13)
            ON CONFLICT (tenant_id, product_id) DO UPDATE SET
                name = excluded.name,
                description = excluded.description,
                category_id = excluded.category_id,
                category = excluded.category,
                tags = excluded.tags,
                price_cents = CASE WHEN p.price_version < excluded.version THEN excluded.price_cents ELSE p.price_cents END,
                currency = CASE WHEN p.price_version < excluded.version THEN excluded.currency ELSE p.currency END,
                price_version = greatest(p.price_version, excluded.version),
                active = excluded.active,
                deleted = false,
                version = excluded.version,
                created_at = least(p.created_at, excluded.created_at),
                updated_at = excluded.updated_at
            WHERE p.version < excluded.version
            """);
        command.Parameters.Add(new() { Value = product.TenantId });
        command.Parameters.Add(new() { Value = product.ProductId });
        command.Parameters.Add(new() { Value = product.Name });
        command.Parameters.Add(new() { Value = (object?)product.Description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)product.CategoryId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)product.Category ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = product.Tags.ToArray() });
        command.Parameters.Add(new() { Value = product.PriceCents });
        command.Parameters.Add(new() { Value = product.Currency });
        command.Parameters.Add(new() { Value = product.Active });
        command.Parameters.Add(new() { Value = product.Version });
        command.Parameters.Add(new() { Value = product.CreatedAt });
        command.Parameters.Add(new() { Value = product.UpdatedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DeleteAsync(Guid tenantId, Guid productId, long version, DateTimeOffset deletedAt, CancellationToken cancellationToken)
    {
        // A deletion that overtook the product's creation still leaves its tombstone, which the creation cannot pass.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO search.products AS p
                (tenant_id, product_id, name, tags, price_cents, currency, active, deleted, version, price_version, created_at, updated_at)
            VALUES ($1, $2, '', '{}', 0, 'XXX', false, true, $3, $3, $4, $4)
            ON CONFLICT (tenant_id, product_id) DO UPDATE SET deleted = true, version = excluded.version, updated_at = excluded.updated_at
            WHERE p.version < excluded.version
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = productId });
        command.Parameters.Add(new() { Value = version });
        command.Parameters.Add(new() { Value = deletedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> ChangePriceAsync(Guid tenantId, Guid productId, long priceCents, string currency, long version, CancellationToken cancellationToken)
    {
        // Only a product already indexed: its creation or update event carries the price too.
        await using var command = dataSource.CreateCommand("""
            UPDATE search.products SET price_cents = $3, currency = $4, price_version = $5
            WHERE tenant_id = $1 AND product_id = $2 AND price_version < $5 AND NOT deleted
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = productId });
        command.Parameters.Add(new() { Value = priceCents });
        command.Parameters.Add(new() { Value = currency });
        command.Parameters.Add(new() { Value = version });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> SetStockAsync(Guid tenantId, Guid productId, int available, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO search.stock AS s (tenant_id, product_id, available, as_of) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant_id, product_id) DO UPDATE SET available = excluded.available, as_of = excluded.as_of
            WHERE s.as_of < excluded.as_of
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = productId });
        command.Parameters.Add(new() { Value = available });
        command.Parameters.Add(new() { Value = asOf });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> SetCategoryAsync(Guid tenantId, Guid categoryId, string? name, long version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO search.categories AS c (tenant_id, category_id, name, deleted, version) VALUES ($1, $2, coalesce($3, ''), $3 IS NULL, $4)
            ON CONFLICT (tenant_id, category_id) DO UPDATE SET
                name = CASE WHEN excluded.deleted THEN c.name ELSE excluded.name END, deleted = excluded.deleted, version = excluded.version
            WHERE c.version < excluded.version
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = categoryId });
        command.Parameters.Add(new() { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = version });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> AddSalesAsync(Guid eventId, Guid tenantId, IReadOnlyList<(Guid ProductId, int Units)> lines, CancellationToken cancellationToken)
    {
        var perProduct = lines.GroupBy(line => line.ProductId).Select(group => (ProductId: group.Key, Units: group.Sum(line => (long)line.Units))).ToList();
        // One statement: the event id and the units are written together or not at all.
        await using var command = dataSource.CreateCommand("""
            WITH first_time AS (
                INSERT INTO search.applied_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id
            ), counted AS (
                INSERT INTO search.popularity AS p (tenant_id, product_id, units)
                SELECT $2, t.product_id, t.units FROM unnest($3::uuid[], $4::bigint[]) AS t (product_id, units), first_time
                ON CONFLICT (tenant_id, product_id) DO UPDATE SET units = p.units + excluded.units
                RETURNING 1
            )
            SELECT count(*) FROM first_time
            """);
        command.Parameters.Add(new() { Value = eventId });
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = perProduct.Select(line => line.ProductId).ToArray() });
        command.Parameters.Add(new() { Value = perProduct.Select(line => line.Units).ToArray() });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }
}
