using Npgsql;
using NpgsqlTypes;
using Platform.Contracts;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Products;

/// <summary>Products in the shared PostgreSQL database; every statement filters on the tenant.</summary>
public sealed class PostgresProductStore(NpgsqlDataSource dataSource, OutboxWriter outbox) : IProductStore
{
    private const string Columns = "tenant_id, id, name, description, price_cents, currency, category, tags, version, created_at, updated_at";

    public async Task AddAsync(Product product, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO catalog.products ({Columns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """, connection, transaction);
        command.Parameters.Add(new() { Value = product.TenantId });
        command.Parameters.Add(new() { Value = product.Id });
        command.Parameters.Add(new() { Value = product.Name });
        command.Parameters.Add(new() { Value = (object?)product.Description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = product.PriceCents });
        command.Parameters.Add(new() { Value = product.Currency });
        command.Parameters.Add(new() { Value = (object?)product.Category ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = product.Tags.ToArray() });
        command.Parameters.Add(new() { Value = product.Version });
        command.Parameters.Add(new() { Value = product.CreatedAt });
        command.Parameters.Add(new() { Value = product.UpdatedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);

        await outbox.EnqueueAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
    }

    public async Task<Product?> FindAsync(Guid tenantId, Guid productId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM catalog.products WHERE tenant_id = $1 AND id = $2");
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = productId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new Product(
            reader.GetGuid(0),
            reader.GetGuid(1),
            reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetInt64(4),
            reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.GetFieldValue<string[]>(7),
            reader.GetInt64(8),
            reader.GetFieldValue<DateTimeOffset>(9),
            reader.GetFieldValue<DateTimeOffset>(10));
    }
}
