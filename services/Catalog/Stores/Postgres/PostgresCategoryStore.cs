using Npgsql;
using NpgsqlTypes;
using Platform.Catalog.Categories;
using Platform.Contracts;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Stores.Postgres;

/// <summary>
/// Categories in the shared PostgreSQL database. Writes take a per-tenant lock on the category tree, so the slug,
/// parent and cycle checks still hold when the write lands; foreign keys guard what products do meanwhile.
/// </summary>
public sealed class PostgresCategoryStore(Guid tenantId, NpgsqlDataSource dataSource, OutboxWriter outbox) : ICategoryStore
{
    private const string Columns = "id, name, slug, parent_id, version, created_at, updated_at";

    public async Task<IReadOnlyList<Category>> ListAsync(CancellationToken cancellationToken)
    {
        var select = new NpgsqlBatchCommand($"SELECT {Columns} FROM catalog.categories WHERE tenant_id = $1 ORDER BY slug")
        {
            Parameters = { new() { Value = tenantId } },
        };
        return await ReadAsync(select, cancellationToken);
    }

    public async Task<Category?> FindAsync(Guid categoryId, CancellationToken cancellationToken)
    {
        var select = new NpgsqlBatchCommand($"SELECT {Columns} FROM catalog.categories WHERE tenant_id = $1 AND id = $2")
        {
            Parameters = { new() { Value = tenantId }, new() { Value = categoryId } },
        };
        return (await ReadAsync(select, cancellationToken)).SingleOrDefault();
    }

    public Task<CategoryWrite> AddAsync(Category category, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken) =>
        WriteAsync(category, expectedVersion: null, events, cancellationToken);

    public Task<CategoryWrite> UpdateAsync(Category category, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken) =>
        WriteAsync(category, expectedVersion, events, cancellationToken);

    public async Task<CategoryWrite> DeleteAsync(Guid categoryId, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inUse = new NpgsqlBatchCommand("""
            SELECT EXISTS (SELECT 1 FROM catalog.products WHERE tenant_id = $1 AND category_id = $2 AND deleted_at IS NULL)
                OR EXISTS (SELECT 1 FROM catalog.categories WHERE tenant_id = $1 AND parent_id = $2)
            """)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = categoryId } },
        };
        if (await ScalarAsync<bool>(connection, transaction, [LockTree(), inUse], cancellationToken))
        {
            return CategoryWrite.InUse;
        }

        // Deleted products keep no category: they are never shown again, and the foreign key would hold the category.
        var detach = new NpgsqlBatchCommand("UPDATE catalog.products SET category_id = NULL WHERE tenant_id = $1 AND category_id = $2 AND deleted_at IS NOT NULL")
        {
            Parameters = { new() { Value = tenantId }, new() { Value = categoryId } },
        };
        var delete = new NpgsqlBatchCommand("DELETE FROM catalog.categories WHERE tenant_id = $1 AND id = $2 AND version = $3")
        {
            Parameters = { new() { Value = tenantId }, new() { Value = categoryId }, new() { Value = expectedVersion } },
        };
        try
        {
            await using var batch = PostgresTenantScope.Batch(connection, transaction, tenantId, detach, delete);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // A product took the category between the check and the delete.
            return CategoryWrite.InUse;
        }

        return delete.RecordsAffected == 0 ? CategoryWrite.Stale : await CommitAsync(connection, transaction, events, cancellationToken);
    }

    private async Task<CategoryWrite> WriteAsync(Category category, long? expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var check = new NpgsqlBatchCommand("""
            SELECT CASE
                WHEN EXISTS (SELECT 1 FROM catalog.categories WHERE tenant_id = $1 AND slug = $3 AND id <> $2) THEN 1
                WHEN $4::uuid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM catalog.categories WHERE tenant_id = $1 AND id = $4) THEN 2
                WHEN EXISTS (
                    WITH RECURSIVE up(id, parent_id) AS (
                        SELECT id, parent_id FROM catalog.categories WHERE tenant_id = $1 AND id = $4
                        UNION SELECT c.id, c.parent_id FROM catalog.categories c JOIN up ON c.id = up.parent_id WHERE c.tenant_id = $1)
                    SELECT 1 FROM up WHERE id = $2) THEN 3
                ELSE 0 END
            """)
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = category.Id },
                new() { Value = category.Slug },
                new() { Value = (object?)category.ParentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
            },
        };
        switch (await ScalarAsync<int>(connection, transaction, [LockTree(), check], cancellationToken))
        {
            case 1: return CategoryWrite.SlugTaken;
            case 2: return CategoryWrite.ParentMissing;
            case 3: return CategoryWrite.Cycle;
        }

        var write = new NpgsqlBatchCommand(expectedVersion is null
            ? $"INSERT INTO catalog.categories (tenant_id, {Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            : """
              UPDATE catalog.categories SET name = $3, slug = $4, parent_id = $5, version = $6, updated_at = $8
              WHERE tenant_id = $1 AND id = $2 AND version = $9
              """)
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = category.Id },
                new() { Value = category.Name },
                new() { Value = category.Slug },
                new() { Value = (object?)category.ParentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = category.Version },
                new() { Value = category.CreatedAt },
                new() { Value = category.UpdatedAt },
            },
        };
        if (expectedVersion is { } expected)
        {
            write.Parameters.Add(new() { Value = expected });
        }

        await using (var batch = PostgresTenantScope.Batch(connection, transaction, tenantId, write))
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        return write.RecordsAffected == 0 ? CategoryWrite.Stale : await CommitAsync(connection, transaction, events, cancellationToken);
    }

    private NpgsqlBatchCommand LockTree() => new("SELECT pg_advisory_xact_lock(hashtext($1))")
    {
        Parameters = { new() { Value = $"catalog.categories:{tenantId:D}" } },
    };

    private async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlBatchCommand[] commands, CancellationToken cancellationToken)
    {
        await using var batch = PostgresTenantScope.Batch(connection, transaction, tenantId, commands);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        // The tenant scope's result, then each command's but the last.
        for (var skipped = 0; skipped < commands.Length; skipped++)
        {
            await reader.NextResultAsync(cancellationToken);
        }

        await reader.ReadAsync(cancellationToken);
        return reader.GetFieldValue<T>(0);
    }

    private async Task<CategoryWrite> CommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await outbox.EnqueueAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
        return CategoryWrite.Done;
    }

    private async Task<List<Category>> ReadAsync(NpgsqlBatchCommand select, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, select);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var categories = new List<Category>();
        while (await reader.ReadAsync(cancellationToken))
        {
            categories.Add(new Category(
                tenantId,
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetInt64(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return categories;
    }
}
