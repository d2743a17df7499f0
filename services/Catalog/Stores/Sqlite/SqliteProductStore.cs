using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Catalog.Products;
using Platform.Catalog.Text;
using Platform.Contracts;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>Products in the tenant's own SQLite file. Writes take the file's write lock first (IMMEDIATE).</summary>
public sealed class SqliteProductStore(Guid tenantId, SqliteTenantDatabases databases, SqliteOutboxWriter outbox) : IProductStore
{
    /// <summary>The columns <see cref="Read"/> expects, from <c>products p</c> joined with its category <c>c</c>.</summary>
    internal const string Select = """
        SELECT p.id, p.name, p.description, p.price_cents, p.currency, p.category_id, c.name, p.tags, p.specifications, p.images,
               p.active, p.version, p.created_at, p.updated_at
        FROM products p LEFT JOIN categories c ON c.id = p.category_id
        """;

    private const int ForeignKeyViolation = 787;

    public async Task<ProductWrite> AddAsync(Product product, int productLimit, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        // IMMEDIATE takes the file's write lock first, so the count below cannot be raced past the limit.
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);
        await using var insert = new SqliteCommand("""
            INSERT INTO products (id, name, name_key, description, price_cents, currency, category_id, tags, specifications, images, active,
                version, created_at, updated_at)
            SELECT $id, $name, $nameKey, $description, $price, $currency, $category, $tags, $specifications, $images, $active,
                $version, $created, $updated
            WHERE (SELECT count(*) FROM products WHERE deleted_at IS NULL) < $limit
            """, connection, transaction);
        AddValues(insert, product);
        insert.Parameters.AddWithValue("$created", SqliteValues.Time(product.CreatedAt));
        insert.Parameters.AddWithValue("$limit", productLimit);
        var write = await ExecuteAsync(insert, ProductWrite.LimitReached, cancellationToken);
        return write == ProductWrite.Done ? await CommitAsync(connection, transaction, events, cancellationToken) : write;
    }

    public async Task<Product?> FindAsync(Guid productId, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        await using var select = new SqliteCommand($"{Select} WHERE p.id = $id AND p.deleted_at IS NULL", connection);
        select.Parameters.AddWithValue("$id", SqliteValues.Id(productId));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(tenantId, reader) : null;
    }

    public async Task<ProductWrite> UpdateAsync(Product product, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);
        await using var update = new SqliteCommand("""
            UPDATE products
            SET name = $name, name_key = $nameKey, description = $description, price_cents = $price, currency = $currency, category_id = $category,
                tags = $tags, specifications = $specifications, images = $images, active = $active, version = $version, updated_at = $updated
            WHERE id = $id AND version = $expected AND deleted_at IS NULL
            """, connection, transaction);
        AddValues(update, product);
        update.Parameters.AddWithValue("$expected", expectedVersion);
        var write = await ExecuteAsync(update, ProductWrite.Stale, cancellationToken);
        return write == ProductWrite.Done ? await CommitAsync(connection, transaction, events, cancellationToken) : write;
    }

    public async Task<ProductWrite> DeleteAsync(Guid productId, long expectedVersion, DateTimeOffset deletedAt, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);
        await using var delete = new SqliteCommand("""
            UPDATE products SET deleted_at = $at, updated_at = $at, version = version + 1
            WHERE id = $id AND version = $expected AND deleted_at IS NULL
            """, connection, transaction);
        delete.Parameters.AddWithValue("$id", SqliteValues.Id(productId));
        delete.Parameters.AddWithValue("$at", SqliteValues.Time(deletedAt));
        delete.Parameters.AddWithValue("$expected", expectedVersion);
        var write = await ExecuteAsync(delete, ProductWrite.Stale, cancellationToken);
        return write == ProductWrite.Done ? await CommitAsync(connection, transaction, events, cancellationToken) : write;
    }

    public Task<ProductPage> ListAsync(ProductQuery query, CancellationToken cancellationToken) =>
        SqliteProductList.ReadAsync(tenantId, databases, query, cancellationToken);

    internal static Product Read(Guid tenantId, SqliteDataReader reader) => new(
        tenantId,
        Guid.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetInt64(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : Guid.Parse(reader.GetString(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        JsonSerializer.Deserialize<string[]>(reader.GetString(7))!,
        reader.GetString(8),
        JsonSerializer.Deserialize<string[]>(reader.GetString(9))!,
        reader.GetInt64(10) == 1,
        reader.GetInt64(11),
        SqliteValues.Time(reader.GetInt64(12)),
        SqliteValues.Time(reader.GetInt64(13)));

    private static void AddValues(SqliteCommand command, Product product)
    {
        command.Parameters.AddWithValue("$id", SqliteValues.Id(product.Id));
        command.Parameters.AddWithValue("$name", product.Name);
        command.Parameters.AddWithValue("$nameKey", TextFolding.Fold(product.Name));
        command.Parameters.AddWithValue("$description", (object?)product.Description ?? DBNull.Value);
        command.Parameters.AddWithValue("$price", product.PriceCents);
        command.Parameters.AddWithValue("$currency", product.Currency);
        command.Parameters.AddWithValue("$category", product.CategoryId is { } category ? SqliteValues.Id(category) : DBNull.Value);
        command.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(product.Tags));
        command.Parameters.AddWithValue("$specifications", product.Specifications);
        command.Parameters.AddWithValue("$images", JsonSerializer.Serialize(product.Images));
        command.Parameters.AddWithValue("$active", product.Active ? 1 : 0);
        command.Parameters.AddWithValue("$version", product.Version);
        command.Parameters.AddWithValue("$updated", SqliteValues.Time(product.UpdatedAt));
    }

    /// <summary>Runs one conditional write: <paramref name="untouched"/> if it matched no row, CategoryMissing on a dangling category.</summary>
    private static async Task<ProductWrite> ExecuteAsync(SqliteCommand write, ProductWrite untouched, CancellationToken cancellationToken)
    {
        try
        {
            return await write.ExecuteNonQueryAsync(cancellationToken) == 0 ? untouched : ProductWrite.Done;
        }
        catch (SqliteException exception) when (exception.SqliteExtendedErrorCode == ForeignKeyViolation)
        {
            return ProductWrite.CategoryMissing;
        }
    }

    private async Task<ProductWrite> CommitAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await outbox.EnqueueAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted(tenantId);
        return ProductWrite.Done;
    }
}
