using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Catalog.Products;
using Platform.Contracts;

namespace Platform.Catalog.Stores.Sqlite;

public sealed class SqliteProductStore(Guid tenantId, SqliteTenantDatabases databases, SqliteOutboxWriter outbox) : IProductStore
{
    private const string Columns = "id, name, description, price_cents, currency, category, tags, version, created_at, updated_at";

    public async Task<bool> AddAsync(Product product, int productLimit, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        // IMMEDIATE takes the file's write lock first, so the count below cannot be raced past the limit.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = new SqliteCommand($"""
            INSERT INTO products ({Columns})
            SELECT $id, $name, $description, $price, $currency, $category, $tags, $version, $created, $updated
            WHERE (SELECT count(*) FROM products WHERE deleted_at IS NULL) < $limit
            """, connection, transaction);
        insert.Parameters.AddWithValue("$id", SqliteValues.Id(product.Id));
        insert.Parameters.AddWithValue("$name", product.Name);
        insert.Parameters.AddWithValue("$description", (object?)product.Description ?? DBNull.Value);
        insert.Parameters.AddWithValue("$price", product.PriceCents);
        insert.Parameters.AddWithValue("$currency", product.Currency);
        insert.Parameters.AddWithValue("$category", (object?)product.Category ?? DBNull.Value);
        insert.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(product.Tags));
        insert.Parameters.AddWithValue("$version", product.Version);
        insert.Parameters.AddWithValue("$created", SqliteValues.Time(product.CreatedAt));
        insert.Parameters.AddWithValue("$updated", SqliteValues.Time(product.UpdatedAt));
        insert.Parameters.AddWithValue("$limit", productLimit);
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await outbox.EnqueueAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted(tenantId);
        return true;
    }

    public async Task<Product?> FindAsync(Guid productId, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        await using var select = new SqliteCommand($"SELECT {Columns} FROM products WHERE id = $id AND deleted_at IS NULL", connection);
        select.Parameters.AddWithValue("$id", SqliteValues.Id(productId));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new Product(
            tenantId,
            Guid.Parse(reader.GetString(0)),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetInt64(3),
            reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            JsonSerializer.Deserialize<string[]>(reader.GetString(6))!,
            reader.GetInt64(7),
            SqliteValues.Time(reader.GetInt64(8)),
            SqliteValues.Time(reader.GetInt64(9)));
    }
}
