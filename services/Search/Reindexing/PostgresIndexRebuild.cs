using Npgsql;
using NpgsqlTypes;
using Platform.Search.Indexing;

namespace Platform.Search.Reindexing;

/// <summary><see cref="IIndexRebuild"/> on the embedded engine: a staging table merged into the live one in one transaction.</summary>
public sealed class PostgresIndexRebuild(NpgsqlDataSource dataSource) : IIndexRebuild
{
    public async Task StageAsync(Guid buildId, IReadOnlyList<IndexedProduct> products, CancellationToken cancellationToken)
    {
        if (products.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var import = await connection.BeginBinaryImportAsync("""
            COPY search.product_rebuilds (build_id, tenant_id, product_id, name, description, category_id, category, tags, price_cents,
                                          currency, active, version, created_at, updated_at) FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var product in products)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(buildId, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(product.TenantId, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(product.ProductId, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(product.Name, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(import, product.Description, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(import, product.CategoryId, NpgsqlDbType.Uuid, cancellationToken);
            await WriteNullableAsync(import, product.Category, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(product.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(product.PriceCents, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(product.Currency, NpgsqlDbType.Char, cancellationToken);
            await import.WriteAsync(product.Active, NpgsqlDbType.Boolean, cancellationToken);
            await import.WriteAsync(product.Version, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(product.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(product.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }

    public async Task<int> SwitchAsync(Guid tenantId, Guid buildId, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    INSERT INTO search.products AS p
                        (tenant_id, product_id, name, description, category_id, category, tags, price_cents, currency, active,
                         version, price_version, created_at, updated_at)
                    SELECT tenant_id, product_id, name, description, category_id, category, tags, price_cents, currency, active,
                           version, version, created_at, updated_at
                    FROM search.product_rebuilds WHERE build_id = $1 AND tenant_id = $2
                    ON CONFLICT (tenant_id, product_id) DO UPDATE SET
                        name = excluded.name, description = excluded.description, category_id = excluded.category_id,
                        category = excluded.category, tags = excluded.tags,
                        price_cents = CASE WHEN p.price_version < excluded.version THEN excluded.price_cents ELSE p.price_cents END,
                        currency = CASE WHEN p.price_version < excluded.version THEN excluded.currency ELSE p.currency END,
                        price_version = greatest(p.price_version, excluded.version),
                        active = excluded.active, deleted = false, version = excluded.version,
                        created_at = excluded.created_at, updated_at = excluded.updated_at
                    WHERE p.version < excluded.version
                    """) { Parameters = { new() { Value = buildId }, new() { Value = tenantId } } },
                // Not listed by Catalog any more and untouched by events since the build began: gone (kept as a tombstone).
                new NpgsqlBatchCommand("""
                    UPDATE search.products p SET deleted = true
                    WHERE p.tenant_id = $2 AND NOT p.deleted AND p.updated_at < $3
                      AND NOT EXISTS (SELECT 1 FROM search.product_rebuilds r WHERE r.build_id = $1 AND r.product_id = p.product_id)
                    """) { Parameters = { new() { Value = buildId }, new() { Value = tenantId }, new() { Value = startedAt } } },
                new NpgsqlBatchCommand("DELETE FROM search.product_rebuilds WHERE build_id = $1") { Parameters = { new() { Value = buildId } } },
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        var retired = batch.BatchCommands[1].RecordsAffected;
        await transaction.CommitAsync(cancellationToken);
        return retired;
    }

    public async Task AbandonAsync(Guid buildId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM search.product_rebuilds WHERE build_id = $1");
        command.Parameters.Add(new() { Value = buildId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter import, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? import.WriteNullAsync(cancellationToken) : import.WriteAsync(value, type, cancellationToken);
}
