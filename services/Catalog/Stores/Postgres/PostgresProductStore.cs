using Npgsql;
using NpgsqlTypes;
using Platform.Catalog.Products;
using Platform.Catalog.Text;
using Platform.Contracts;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Stores.Postgres;

/// <summary>Products in the shared PostgreSQL database: every statement filters on the tenant, and RLS checks it again.</summary>
public sealed class PostgresProductStore(Guid tenantId, NpgsqlDataSource dataSource, OutboxWriter outbox) : IProductStore
{
    /// <summary>The columns <see cref="Read"/> expects, from <c>products p</c> joined with its category <c>c</c>.</summary>
    internal const string Select = """
        SELECT p.id, p.name, p.description, p.price_cents, p.currency, p.category_id, c.name, p.tags, p.specifications::text, p.images,
               p.active, p.version, p.created_at, p.updated_at
        FROM catalog.products p LEFT JOIN catalog.categories c ON c.tenant_id = p.tenant_id AND c.id = p.category_id
        """;

    public async Task<ProductWrite> AddAsync(Product product, int productLimit, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO catalog.products (tenant_id, id, name, name_key, description, price_cents, currency, category_id, tags, specifications,
                images, active, version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            """);
        AddValues(insert, product);
        insert.Parameters.Add(new() { Value = product.Version });
        insert.Parameters.Add(new() { Value = product.CreatedAt });
        insert.Parameters.Add(new() { Value = product.UpdatedAt });

        try
        {
            await using var batch = PostgresTenantScope.Batch(connection, transaction, tenantId, insert);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return ProductWrite.CategoryMissing;
        }

        // The place in the tenant's live count is claimed last, with the events, just before the commit: its row lock
        // orders the tenant's concurrent creations (so the limit holds) and is held for as short a time as possible.
        var claim = new NpgsqlBatchCommand("""
            INSERT INTO catalog.product_counts (tenant_id, live) VALUES ($1, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET live = catalog.product_counts.live + 1 WHERE catalog.product_counts.live < $2
            RETURNING live
            """) { Parameters = { new() { Value = tenantId }, new() { Value = (long)productLimit } } };
        await using (var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { claim } })
        {
            foreach (var command in outbox.CommandsFor(events))
            {
                batch.BatchCommands.Add(command);
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return ProductWrite.LimitReached;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
        return ProductWrite.Done;
    }

    public async Task<Product?> FindAsync(Guid productId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var select = new NpgsqlBatchCommand($"{Select} WHERE p.tenant_id = $1 AND p.id = $2 AND p.deleted_at IS NULL")
        {
            Parameters = { new() { Value = tenantId }, new() { Value = productId } },
        };
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, select);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(tenantId, reader) : null;
    }

    public async Task<ProductWrite> UpdateAsync(Product product, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        var update = new NpgsqlBatchCommand("""
            UPDATE catalog.products
            SET name = $3, name_key = $4, description = $5, price_cents = $6, currency = $7, category_id = $8, tags = $9, specifications = $10,
                images = $11, active = $12, version = $13, updated_at = $14
            WHERE tenant_id = $1 AND id = $2 AND version = $15 AND deleted_at IS NULL
            """);
        AddValues(update, product);
        update.Parameters.Add(new() { Value = product.Version });
        update.Parameters.Add(new() { Value = product.UpdatedAt });
        update.Parameters.Add(new() { Value = expectedVersion });
        return await WriteOneAsync(update, events, cancellationToken);
    }

    public Task<ProductWrite> DeleteAsync(Guid productId, long expectedVersion, DateTimeOffset deletedAt, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        var delete = new NpgsqlBatchCommand("""
            UPDATE catalog.products SET deleted_at = $3, updated_at = $3, version = version + 1
            WHERE tenant_id = $1 AND id = $2 AND version = $4 AND deleted_at IS NULL
            """)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = productId }, new() { Value = deletedAt }, new() { Value = expectedVersion } },
        };
        var uncount = new NpgsqlBatchCommand("UPDATE catalog.product_counts SET live = live - 1 WHERE tenant_id = $1")
        {
            Parameters = { new() { Value = tenantId } },
        };
        return WriteOneAsync(delete, events, cancellationToken, uncount);
    }

    public Task<ProductPage> ListAsync(ProductQuery query, CancellationToken cancellationToken) =>
        PostgresProductList.ReadAsync(tenantId, dataSource, query, cancellationToken);

    internal static Product Read(Guid tenantId, NpgsqlDataReader reader) => new(
        tenantId,
        reader.GetGuid(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetInt64(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetGuid(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetFieldValue<string[]>(7),
        reader.GetString(8),
        reader.GetFieldValue<string[]>(9),
        reader.GetBoolean(10),
        reader.GetInt64(11),
        reader.GetFieldValue<DateTimeOffset>(12),
        reader.GetFieldValue<DateTimeOffset>(13));

    /// <summary>$1 tenant, $2 id, then $3 to $12: the product's content in the column order both statements use.</summary>
    private void AddValues(NpgsqlBatchCommand command, Product product)
    {
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = product.Id });
        command.Parameters.Add(new() { Value = product.Name });
        command.Parameters.Add(new() { Value = TextFolding.Fold(product.Name) });
        command.Parameters.Add(new() { Value = (object?)product.Description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = product.PriceCents });
        command.Parameters.Add(new() { Value = product.Currency });
        command.Parameters.Add(new() { Value = (object?)product.CategoryId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = product.Tags.ToArray() });
        command.Parameters.Add(new() { Value = product.Specifications, NpgsqlDbType = NpgsqlDbType.Json });
        command.Parameters.Add(new() { Value = product.Images.ToArray() });
        command.Parameters.Add(new() { Value = product.Active });
    }

    /// <summary>Runs one conditional write and, if it touched the product, <paramref name="thenAlso"/> and its events, in one transaction.</summary>
    private async Task<ProductWrite> WriteOneAsync(
        NpgsqlBatchCommand write, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken, NpgsqlBatchCommand? thenAlso = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var batch = PostgresTenantScope.Batch(connection, transaction, tenantId, write);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return ProductWrite.CategoryMissing;
        }

        if (write.RecordsAffected == 0)
        {
            return ProductWrite.Stale;
        }

        if (thenAlso is not null)
        {
            await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { thenAlso } };
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await CommitAsync(connection, transaction, events, cancellationToken);
        return ProductWrite.Done;
    }

    private async Task CommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await outbox.EnqueueAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
    }
}
