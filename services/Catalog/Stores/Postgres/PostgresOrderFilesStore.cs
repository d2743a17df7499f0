using Npgsql;
using Platform.Catalog.Files;

namespace Platform.Catalog.Stores.Postgres;

public sealed class PostgresOrderFilesStore(Guid tenantId, NpgsqlDataSource dataSource) : IOrderFilesStore
{
    private const string AttachmentColumns = "id, order_id, key, file_name, content_type, size_bytes, created_at";

    public async Task<OrderAttachment?> AddAttachmentAsync(OrderAttachment attachment, CancellationToken cancellationToken)
    {
        // One statement: the row inserted, or the one a confirmation sent before recorded (the CTE's SELECT sees the table as it was).
        var upsert = new NpgsqlBatchCommand($"""
            WITH inserted AS (
                INSERT INTO catalog.order_attachments (tenant_id, id, order_id, key, file_name, content_type, size_bytes, created_at)
                SELECT $1, $2, o.id, $4, $5, $6, $7, $8 FROM catalog.orders o WHERE o.tenant_id = $1 AND o.id = $3
                ON CONFLICT (tenant_id, key) DO NOTHING
                RETURNING {AttachmentColumns})
            SELECT {AttachmentColumns} FROM inserted
            UNION ALL
            SELECT {AttachmentColumns} FROM catalog.order_attachments WHERE tenant_id = $1 AND order_id = $3 AND key = $4
            LIMIT 1
            """)
        {
            Parameters =
            {
                new() { Value = tenantId }, new() { Value = attachment.Id }, new() { Value = attachment.OrderId }, new() { Value = attachment.Key },
                new() { Value = attachment.FileName }, new() { Value = attachment.ContentType }, new() { Value = attachment.Size },
                new() { Value = attachment.CreatedAt },
            },
        };

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, upsert);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAttachment(reader) : null;
    }

    public async Task<IReadOnlyList<OrderAttachment>> ListAttachmentsAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var select = new NpgsqlBatchCommand($"""
            SELECT {AttachmentColumns} FROM catalog.order_attachments WHERE tenant_id = $1 AND order_id = $2 ORDER BY created_at, id
            """) { Parameters = { new() { Value = tenantId }, new() { Value = orderId } } };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, select);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var attachments = new List<OrderAttachment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attachments.Add(ReadAttachment(reader));
        }

        return attachments;
    }

    public async Task<Invoice?> FindInvoiceAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var select = new NpgsqlBatchCommand("""
            SELECT order_id, key, content_type, size_bytes, created_at FROM catalog.invoices WHERE tenant_id = $1 AND order_id = $2
            """) { Parameters = { new() { Value = tenantId }, new() { Value = orderId } } };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, select);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Invoice(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }

    public async Task<bool> RecordInvoiceAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO catalog.invoices (tenant_id, order_id, key, content_type, size_bytes, created_at)
            SELECT $1, o.id, $3, $4, $5, $6 FROM catalog.orders o WHERE o.tenant_id = $1 AND o.id = $2
            ON CONFLICT (tenant_id, order_id) DO NOTHING
            """)
        {
            Parameters =
            {
                new() { Value = tenantId }, new() { Value = invoice.OrderId }, new() { Value = invoice.Key }, new() { Value = invoice.ContentType },
                new() { Value = invoice.Size }, new() { Value = invoice.CreatedAt },
            },
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, insert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return insert.RecordsAffected == 1;
    }

    private static OrderAttachment ReadAttachment(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetInt64(5),
        reader.GetFieldValue<DateTimeOffset>(6));
}
