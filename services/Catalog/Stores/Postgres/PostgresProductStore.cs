using Npgsql;
using NpgsqlTypes;
using Platform.Catalog.Products;
using Platform.Contracts;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Stores.Postgres;

/// <summary>Products in the shared PostgreSQL database: every statement filters on the tenant, and RLS checks it again.</summary>
public sealed class PostgresProductStore(Guid tenantId, NpgsqlDataSource dataSource, OutboxWriter outbox) : IProductStore
{
    private const string Columns = "id, name, description, price_cents, currency, category, tags, version, created_at, updated_at";

    public async Task<bool> AddAsync(Product product, int productLimit, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The lock serialises a tenant's product creations, so the count below cannot be raced past the limit.
        var lockTenant = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtext($1))")
        {
            Parameters = { new() { Value = $"catalog.products:{tenantId:D}" } },
        };
        var insert = new NpgsqlBatchCommand($"""
            INSERT INTO catalog.products (tenant_id, {Columns})
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
            WHERE (SELECT count(*) FROM catalog.products WHERE tenant_id = $1 AND deleted_at IS NULL) < $12
            """)
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = product.Id },
                new() { Value = product.Name },
                new() { Value = (object?)product.Description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = product.PriceCents },
                new() { Value = product.Currency },
                new() { Value = (object?)product.Category ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = product.Tags.ToArray() },
                new() { Value = product.Version },
                new() { Value = product.CreatedAt },
                new() { Value = product.UpdatedAt },
                new() { Value = (long)productLimit },
            },
        };

        await using (var batch = PostgresTenantScope.Batch(connection, transaction, tenantId, lockTenant, insert))
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        if (insert.RecordsAffected == 0)
        {
            return false;
        }

        await outbox.EnqueueAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
        return true;
    }

    public async Task<Product?> FindAsync(Guid productId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var select = new NpgsqlBatchCommand($"SELECT {Columns} FROM catalog.products WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL")
        {
            Parameters = { new() { Value = tenantId }, new() { Value = productId } },
        };
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, select);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new Product(
            tenantId,
            reader.GetGuid(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetInt64(3),
            reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetFieldValue<string[]>(6),
            reader.GetInt64(7),
            reader.GetFieldValue<DateTimeOffset>(8),
            reader.GetFieldValue<DateTimeOffset>(9));
    }
}
