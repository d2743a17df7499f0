using Npgsql;
using NpgsqlTypes;
using Platform.Search.Querying;

namespace Platform.Search.Indexing;

/// <summary>
/// The embedded engine: PostgreSQL full text with the Portuguese configuration over unaccented text,
/// name weighted above tags above description. Query text only ever travels as a parameter.
/// </summary>
public sealed class PostgresProductIndex(NpgsqlDataSource dataSource) : IProductIndex
{
    public async Task<bool> UpsertAsync(IndexedProduct product, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO search.products
                (tenant_id, product_id, name, description, category, tags, price_cents, currency, version, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (tenant_id, product_id) DO UPDATE SET
                name = excluded.name,
                description = excluded.description,
                category = excluded.category,
                tags = excluded.tags,
                price_cents = excluded.price_cents,
                currency = excluded.currency,
                version = excluded.version,
                updated_at = excluded.updated_at
            WHERE search.products.version < excluded.version
            """);
        command.Parameters.Add(new() { Value = product.TenantId });
        command.Parameters.Add(new() { Value = product.ProductId });
        command.Parameters.Add(new() { Value = product.Name });
        command.Parameters.Add(new() { Value = (object?)product.Description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)product.Category ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = product.Tags.ToArray() });
        command.Parameters.Add(new() { Value = product.PriceCents });
        command.Parameters.Add(new() { Value = product.Currency });
        command.Parameters.Add(new() { Value = product.Version });
        command.Parameters.Add(new() { Value = product.UpdatedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<ProductHit>> SearchAsync(Guid tenantId, ProductQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT p.product_id, p.name, p.description, p.category, p.tags, p.price_cents, p.currency,
                   ts_rank_cd(p.document, q.query) AS score
            FROM search.products p,
                 websearch_to_tsquery('portuguese'::regconfig, search.immutable_unaccent($2)) AS q(query)
            WHERE p.tenant_id = $1 AND p.document @@ q.query
            ORDER BY score DESC, p.product_id
            LIMIT $3
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = query.Text });
        command.Parameters.Add(new() { Value = query.Limit });

        var hits = new List<ProductHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new ProductHit(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<string[]>(4),
                reader.GetInt64(5),
                reader.GetString(6),
                reader.GetFloat(7)));
        }

        return hits;
    }
}
