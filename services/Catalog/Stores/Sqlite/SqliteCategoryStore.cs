using Microsoft.Data.Sqlite;
using Platform.Catalog.Categories;
using Platform.Contracts;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>Categories in the tenant's own SQLite file. Writes take the file's write lock first, so their checks hold.</summary>
public sealed class SqliteCategoryStore(Guid tenantId, SqliteTenantDatabases databases, SqliteOutboxWriter outbox) : ICategoryStore
{
    private const string Columns = "id, name, slug, parent_id, version, created_at, updated_at";

    public async Task<IReadOnlyList<Category>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        await using var select = new SqliteCommand($"SELECT {Columns} FROM categories ORDER BY slug", connection);
        return await ReadAsync(select, cancellationToken);
    }

    public async Task<Category?> FindAsync(Guid categoryId, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        await using var select = new SqliteCommand($"SELECT {Columns} FROM categories WHERE id = $id", connection);
        select.Parameters.AddWithValue("$id", SqliteValues.Id(categoryId));
        return (await ReadAsync(select, cancellationToken)).SingleOrDefault();
    }

    public Task<CategoryWrite> AddAsync(Category category, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken) =>
        WriteAsync(category, expectedVersion: null, events, cancellationToken);

    public Task<CategoryWrite> UpdateAsync(Category category, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken) =>
        WriteAsync(category, expectedVersion, events, cancellationToken);

    public async Task<CategoryWrite> DeleteAsync(Guid categoryId, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);
        await using var inUse = new SqliteCommand("""
            SELECT EXISTS (SELECT 1 FROM products WHERE category_id = $id AND deleted_at IS NULL)
                OR EXISTS (SELECT 1 FROM categories WHERE parent_id = $id)
            """, connection, transaction);
        inUse.Parameters.AddWithValue("$id", SqliteValues.Id(categoryId));
        if ((long)(await inUse.ExecuteScalarAsync(cancellationToken))! == 1)
        {
            return CategoryWrite.InUse;
        }

        // Deleted products keep no category: they are never shown again, and the foreign key would hold the category.
        await using var delete = new SqliteCommand("""
            UPDATE products SET category_id = NULL WHERE category_id = $id AND deleted_at IS NOT NULL;
            DELETE FROM categories WHERE id = $id AND version = $expected;
            """, connection, transaction);
        delete.Parameters.AddWithValue("$id", SqliteValues.Id(categoryId));
        delete.Parameters.AddWithValue("$expected", expectedVersion);
        await delete.ExecuteNonQueryAsync(cancellationToken);
        await using var deleted = new SqliteCommand("SELECT changes()", connection, transaction);
        return (long)(await deleted.ExecuteScalarAsync(cancellationToken))! == 0
            ? CategoryWrite.Stale
            : await CommitAsync(connection, transaction, events, cancellationToken);
    }

    private async Task<CategoryWrite> WriteAsync(Category category, long? expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);
        await using var check = new SqliteCommand("""
            SELECT CASE
                WHEN EXISTS (SELECT 1 FROM categories WHERE slug = $slug AND id <> $id) THEN 1
                WHEN $parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM categories WHERE id = $parent) THEN 2
                WHEN EXISTS (
                    WITH RECURSIVE up(id, parent_id) AS (
                        SELECT id, parent_id FROM categories WHERE id = $parent
                        UNION SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id)
                    SELECT 1 FROM up WHERE id = $id) THEN 3
                ELSE 0 END
            """, connection, transaction);
        AddValues(check, category);
        switch ((long)(await check.ExecuteScalarAsync(cancellationToken))!)
        {
            case 1: return CategoryWrite.SlugTaken;
            case 2: return CategoryWrite.ParentMissing;
            case 3: return CategoryWrite.Cycle;
        }

        await using var write = new SqliteCommand(expectedVersion is null
            ? $"INSERT INTO categories ({Columns}) VALUES ($id, $name, $slug, $parent, $version, $created, $updated)"
            : """
              UPDATE categories SET name = $name, slug = $slug, parent_id = $parent, version = $version, updated_at = $updated
              WHERE id = $id AND version = $expected
              """, connection, transaction);
        AddValues(write, category);
        write.Parameters.AddWithValue("$expected", expectedVersion ?? 0);
        return await write.ExecuteNonQueryAsync(cancellationToken) == 0
            ? CategoryWrite.Stale
            : await CommitAsync(connection, transaction, events, cancellationToken);
    }

    private static void AddValues(SqliteCommand command, Category category)
    {
        command.Parameters.AddWithValue("$id", SqliteValues.Id(category.Id));
        command.Parameters.AddWithValue("$name", category.Name);
        command.Parameters.AddWithValue("$slug", category.Slug);
        command.Parameters.AddWithValue("$parent", category.ParentId is { } parent ? SqliteValues.Id(parent) : DBNull.Value);
        command.Parameters.AddWithValue("$version", category.Version);
        command.Parameters.AddWithValue("$created", SqliteValues.Time(category.CreatedAt));
        command.Parameters.AddWithValue("$updated", SqliteValues.Time(category.UpdatedAt));
    }

    private async Task<CategoryWrite> CommitAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await outbox.EnqueueAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted(tenantId);
        return CategoryWrite.Done;
    }

    private async Task<List<Category>> ReadAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        var categories = new List<Category>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            categories.Add(new Category(
                tenantId,
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : Guid.Parse(reader.GetString(3)),
                reader.GetInt64(4),
                SqliteValues.Time(reader.GetInt64(5)),
                SqliteValues.Time(reader.GetInt64(6))));
        }

        return categories;
    }
}
