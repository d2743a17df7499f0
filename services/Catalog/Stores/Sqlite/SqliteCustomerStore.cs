using Microsoft.Data.Sqlite;
using Platform.Catalog.Customers;
using Platform.Catalog.Text;
using Platform.Contracts;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>Customers in the tenant's own file. Writes take the file's write lock first, so an order cannot name a customer being anonymised.</summary>
public sealed class SqliteCustomerStore(Guid tenantId, SqliteTenantDatabases databases, SqliteOutboxWriter outbox) : ICustomerStore
{
    private const string Columns = "id, name, email, phone, document, address, notes, version, created_at, updated_at, anonymised_at";
    private const string Matching = "($pattern IS NULL OR name_key LIKE $pattern ESCAPE '\\' OR email LIKE $pattern ESCAPE '\\')";

    public async Task<Customer?> FindAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        await using var select = new SqliteCommand($"SELECT {Columns} FROM customers WHERE id = $id", connection);
        select.Parameters.AddWithValue("$id", SqliteValues.Id(customerId));
        return (await ReadAsync(select, cancellationToken)).SingleOrDefault();
    }

    public async Task<CustomerPage> ListAsync(CustomerQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        // One read transaction: the count and the page see the same customers.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var count = new SqliteCommand($"SELECT count(*) FROM customers WHERE {Matching}", connection, transaction);
        count.Parameters.AddWithValue("$pattern", (object?)query.Pattern ?? DBNull.Value);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await using var select = new SqliteCommand($"""
            SELECT {Columns} FROM customers WHERE {Matching} ORDER BY name_key, id LIMIT $limit OFFSET $offset
            """, connection, transaction);
        select.Parameters.AddWithValue("$pattern", (object?)query.Pattern ?? DBNull.Value);
        select.Parameters.AddWithValue("$limit", query.PageSize);
        select.Parameters.AddWithValue("$offset", query.Offset);
        return new CustomerPage(await ReadAsync(select, cancellationToken), total);
    }

    public Task<CustomerWrite> AddAsync(Customer customer, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken) =>
        WriteAsync("""
            INSERT INTO customers (id, name, name_key, email, phone, document, address, notes, version, created_at, updated_at)
            VALUES ($id, $name, $nameKey, $email, $phone, $document, $address, $notes, $version, $created, $updated)
            """, customer, expectedVersion: 0, events, cancellationToken);

    public Task<CustomerWrite> UpdateAsync(Customer customer, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken) =>
        WriteAsync("""
            UPDATE customers
            SET name = $name, name_key = $nameKey, email = $email, phone = $phone, document = $document, address = $address, notes = $notes,
                version = $version, updated_at = $updated
            WHERE id = $id AND version = $expected AND anonymised_at IS NULL
            """, customer, expectedVersion, events, cancellationToken);

    public async Task<CustomerWrite> AnonymiseAsync(
        Customer anonymised, long expectedVersion, Func<int, IReadOnlyList<IIntegrationEvent>> announce, CancellationToken cancellationToken)
    {
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);
        await using var customer = new SqliteCommand("""
            UPDATE customers
            SET name = $name, name_key = $nameKey, email = NULL, phone = NULL, document = NULL, address = NULL, notes = NULL,
                version = $version, updated_at = $at, anonymised_at = $at
            WHERE id = $id AND version = $expected AND anonymised_at IS NULL
            """, connection, transaction);
        customer.Parameters.AddWithValue("$id", SqliteValues.Id(anonymised.Id));
        customer.Parameters.AddWithValue("$name", anonymised.Name);
        customer.Parameters.AddWithValue("$nameKey", TextFolding.Fold(anonymised.Name));
        customer.Parameters.AddWithValue("$version", anonymised.Version);
        customer.Parameters.AddWithValue("$at", SqliteValues.Time(anonymised.UpdatedAt));
        customer.Parameters.AddWithValue("$expected", expectedVersion);
        if (await customer.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return CustomerWrite.Stale;
        }

        await using var orders = new SqliteCommand("UPDATE orders SET customer_id = NULL WHERE customer_id = $id", connection, transaction);
        orders.Parameters.AddWithValue("$id", SqliteValues.Id(anonymised.Id));
        var detached = await orders.ExecuteNonQueryAsync(cancellationToken);

        await using var outboxScrub = new SqliteCommand("""
            UPDATE outbox_messages
            SET payload = json_set(payload, '$.name', $name, '$.email', NULL, '$.phone', NULL, '$.document', NULL, '$.address', NULL, '$.notes', NULL)
            WHERE message_type IN ($created, $updated) AND json_extract(payload, '$.customerId') = $id
            """, connection, transaction);
        outboxScrub.Parameters.AddWithValue("$id", SqliteValues.Id(anonymised.Id));
        outboxScrub.Parameters.AddWithValue("$name", Customer.AnonymisedName);
        outboxScrub.Parameters.AddWithValue("$created", CustomerEvents.CarryingPersonalData[0]);
        outboxScrub.Parameters.AddWithValue("$updated", CustomerEvents.CarryingPersonalData[1]);
        await outboxScrub.ExecuteNonQueryAsync(cancellationToken);

        await outbox.EnqueueAsync(connection, transaction, announce(detached), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted(tenantId);
        return CustomerWrite.Done;
    }

    private async Task<CustomerWrite> WriteAsync(
        string sql, Customer customer, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);
        await using var write = new SqliteCommand(sql, connection, transaction);
        write.Parameters.AddWithValue("$id", SqliteValues.Id(customer.Id));
        write.Parameters.AddWithValue("$name", customer.Name);
        write.Parameters.AddWithValue("$nameKey", TextFolding.Fold(customer.Name));
        write.Parameters.AddWithValue("$email", (object?)customer.Email ?? DBNull.Value);
        write.Parameters.AddWithValue("$phone", (object?)customer.Phone ?? DBNull.Value);
        write.Parameters.AddWithValue("$document", (object?)customer.Document ?? DBNull.Value);
        write.Parameters.AddWithValue("$address", (object?)customer.Address ?? DBNull.Value);
        write.Parameters.AddWithValue("$notes", (object?)customer.Notes ?? DBNull.Value);
        write.Parameters.AddWithValue("$version", customer.Version);
        write.Parameters.AddWithValue("$created", SqliteValues.Time(customer.CreatedAt));
        write.Parameters.AddWithValue("$updated", SqliteValues.Time(customer.UpdatedAt));
        write.Parameters.AddWithValue("$expected", expectedVersion);
        int written;
        try
        {
            written = await write.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException exception) when (exception.SqliteExtendedErrorCode == 2067 /* SQLITE_CONSTRAINT_UNIQUE */ &&
            exception.Message.Contains("customers.email", StringComparison.Ordinal))
        {
            return CustomerWrite.EmailTaken;
        }

        if (written == 0)
        {
            return CustomerWrite.Stale;
        }

        await outbox.EnqueueAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted(tenantId);
        return CustomerWrite.Done;
    }

    private async Task<List<Customer>> ReadAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        var customers = new List<Customer>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            customers.Add(new Customer(
                tenantId,
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7),
                SqliteValues.Time(reader.GetInt64(8)),
                SqliteValues.Time(reader.GetInt64(9)),
                reader.IsDBNull(10) ? null : SqliteValues.Time(reader.GetInt64(10))));
        }

        return customers;
    }
}
