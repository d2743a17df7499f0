using Microsoft.Data.Sqlite;
using Platform.Catalog.Files;

namespace Platform.Catalog.Stores.Sqlite;

public sealed class SqliteOrderFilesStore(Guid tenantId, SqliteTenantDatabases databases) : IOrderFilesStore
{
    private const string AttachmentColumns = "id, order_id, key, file_name, content_type, size_bytes, created_at";

    public async Task<OrderAttachment?> AddAttachmentAsync(OrderAttachment attachment, CancellationToken cancellationToken)
    {
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);
        await using (var insert = new SqliteCommand("""
            INSERT INTO order_attachments (id, order_id, key, file_name, content_type, size_bytes, created_at)
            SELECT $id, o.id, $key, $fileName, $contentType, $size, $createdAt FROM orders o WHERE o.id = $orderId
            ON CONFLICT (key) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("$id", SqliteValues.Id(attachment.Id));
            insert.Parameters.AddWithValue("$orderId", SqliteValues.Id(attachment.OrderId));
            insert.Parameters.AddWithValue("$key", attachment.Key);
            insert.Parameters.AddWithValue("$fileName", attachment.FileName);
            insert.Parameters.AddWithValue("$contentType", attachment.ContentType);
            insert.Parameters.AddWithValue("$size", attachment.Size);
            insert.Parameters.AddWithValue("$createdAt", SqliteValues.Time(attachment.CreatedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var found = await QueryAsync(connection, transaction, $"SELECT {AttachmentColumns} FROM order_attachments WHERE order_id = $orderId AND key = $key",
            [("$orderId", SqliteValues.Id(attachment.OrderId)), ("$key", attachment.Key)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return found.SingleOrDefault();
    }

    public async Task<IReadOnlyList<OrderAttachment>> ListAttachmentsAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        return await QueryAsync(connection, null, $"SELECT {AttachmentColumns} FROM order_attachments WHERE order_id = $orderId ORDER BY created_at, id",
            [("$orderId", SqliteValues.Id(orderId))], cancellationToken);
    }

    public async Task<Invoice?> FindInvoiceAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        await using var select = new SqliteCommand(
            "SELECT order_id, key, content_type, size_bytes, created_at FROM invoices WHERE order_id = $orderId", connection);
        select.Parameters.AddWithValue("$orderId", SqliteValues.Id(orderId));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Invoice(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), SqliteValues.Time(reader.GetInt64(4)))
            : null;
    }

    public async Task<bool> RecordInvoiceAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        await using var insert = new SqliteCommand("""
            INSERT INTO invoices (order_id, key, content_type, size_bytes, created_at)
            SELECT o.id, $key, $contentType, $size, $createdAt FROM orders o WHERE o.id = $orderId
            ON CONFLICT (order_id) DO NOTHING
            """, connection);
        insert.Parameters.AddWithValue("$orderId", SqliteValues.Id(invoice.OrderId));
        insert.Parameters.AddWithValue("$key", invoice.Key);
        insert.Parameters.AddWithValue("$contentType", invoice.ContentType);
        insert.Parameters.AddWithValue("$size", invoice.Size);
        insert.Parameters.AddWithValue("$createdAt", SqliteValues.Time(invoice.CreatedAt));
        return await databases.ExecuteWriteAsync(tenantId, insert, cancellationToken) == 1;
    }

    private static async Task<IReadOnlyList<OrderAttachment>> QueryAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var select = new SqliteCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            select.Parameters.AddWithValue(name, value);
        }

        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var attachments = new List<OrderAttachment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attachments.Add(new OrderAttachment(
                Guid.Parse(reader.GetString(0)),
                Guid.Parse(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt64(5),
                SqliteValues.Time(reader.GetInt64(6))));
        }

        return attachments;
    }
}
