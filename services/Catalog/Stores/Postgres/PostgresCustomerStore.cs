using Npgsql;
using NpgsqlTypes;
using Platform.Catalog.Customers;
using Platform.Catalog.Text;
using Platform.Contracts;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Stores.Postgres;

/// <summary>
/// Customers in the shared database. The unique index on (tenant, e-mail) decides between two customers racing for one
/// address; a customer being anonymised is locked by its update, so an order naming it waits and then finds it gone.
/// </summary>
public sealed class PostgresCustomerStore(Guid tenantId, NpgsqlDataSource dataSource, OutboxWriter outbox) : ICustomerStore
{
    private const string Columns = "id, name, email, phone, document, address::text, notes, version, created_at, updated_at, anonymised_at";

    /// <summary>The tenant's customers ($1) whose folded name or e-mail address matches the pattern ($2), if any.</summary>
    private const string Matching = "tenant_id = $1 AND ($2::text IS NULL OR name_key LIKE $2 ESCAPE '\\' OR email LIKE $2 ESCAPE '\\')";

    /// <summary>
    /// A row when the tenant has the customer and it is not anonymised, keeping it so (a share lock) until the caller's
    /// transaction ends: an order naming the customer and the customer's anonymisation never interleave.
    /// </summary>
    internal static NpgsqlBatchCommand LockActive(Guid tenantId, Guid customerId) => new(
        "SELECT 1 FROM catalog.customers WHERE tenant_id = $1 AND id = $2 AND anonymised_at IS NULL FOR SHARE")
    {
        Parameters = { new() { Value = tenantId }, new() { Value = customerId } },
    };

    public async Task<Customer?> FindAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var select = new NpgsqlBatchCommand($"SELECT {Columns}, 0::bigint FROM catalog.customers WHERE tenant_id = $1 AND id = $2")
        {
            Parameters = { new() { Value = tenantId }, new() { Value = customerId } },
        };
        return (await ReadAsync(select, cancellationToken)).Items.SingleOrDefault();
    }

    public async Task<CustomerPage> ListAsync(CustomerQuery query, CancellationToken cancellationToken)
    {
        var select = new NpgsqlBatchCommand($"""
            SELECT {Columns}, count(*) OVER () FROM catalog.customers WHERE {Matching} ORDER BY name_key, id OFFSET $3 LIMIT $4
            """)
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = (object?)query.Pattern ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = query.Offset },
                new() { Value = query.PageSize },
            },
        };
        var page = await ReadAsync(select, cancellationToken);
        if (page.Items.Count > 0 || query.Page == 1)
        {
            return page;
        }

        // Each row brings the count; a page past the last has no row to bring it.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var count = PostgresTenantScope.Batch(connection, null, tenantId, new NpgsqlBatchCommand($"SELECT count(*) FROM catalog.customers WHERE {Matching}")
        {
            Parameters = { select.Parameters[0].Clone(), select.Parameters[1].Clone() },
        });
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new CustomerPage([], reader.GetInt64(0));
    }

    public Task<CustomerWrite> AddAsync(Customer customer, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken) =>
        WriteAsync($"""
            INSERT INTO catalog.customers (tenant_id, id, name, name_key, email, phone, document, address, notes, version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """, customer, expectedVersion: 0, events, cancellationToken);

    public Task<CustomerWrite> UpdateAsync(Customer customer, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken) =>
        WriteAsync("""
            UPDATE catalog.customers
            SET name = $3, name_key = $4, email = $5, phone = $6, document = $7, address = $8, notes = $9, version = $10, updated_at = $12
            WHERE tenant_id = $1 AND id = $2 AND version = $13 AND anonymised_at IS NULL
            """, customer, expectedVersion, events, cancellationToken);

    public async Task<CustomerWrite> AnonymiseAsync(
        Customer anonymised, long expectedVersion, Func<int, IReadOnlyList<IIntegrationEvent>> announce, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var customer = new NpgsqlBatchCommand("""
            UPDATE catalog.customers
            SET name = $3, name_key = $4, email = NULL, phone = NULL, document = NULL, address = NULL, notes = NULL,
                version = $5, updated_at = $6, anonymised_at = $6
            WHERE tenant_id = $1 AND id = $2 AND version = $7 AND anonymised_at IS NULL
            """)
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = anonymised.Id },
                new() { Value = anonymised.Name },
                new() { Value = TextFolding.Fold(anonymised.Name) },
                new() { Value = anonymised.Version },
                new() { Value = anonymised.UpdatedAt },
                new() { Value = expectedVersion },
            },
        };
        // A separate statement, so it sees every order committed before the customer's row was locked above.
        var orders = new NpgsqlBatchCommand("UPDATE catalog.orders SET customer_id = NULL WHERE tenant_id = $1 AND customer_id = $2")
        {
            Parameters = { new() { Value = tenantId }, new() { Value = anonymised.Id } },
        };
        // The outbox is shared by every tenant; the payload's tenant id keeps this to the tenant's own events.
        var outboxScrub = new NpgsqlBatchCommand("""
            UPDATE catalog.outbox_messages
            SET payload = payload || jsonb_build_object('name', $4::text, 'email', NULL, 'phone', NULL, 'document', NULL, 'address', NULL, 'notes', NULL)
            WHERE message_type = ANY($3) AND payload->>'tenantId' = $1::text AND payload->>'customerId' = $2::text
            """)
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = anonymised.Id },
                new() { Value = CustomerEvents.CarryingPersonalData.ToArray() },
                new() { Value = Customer.AnonymisedName },
            },
        };
        await using (var batch = PostgresTenantScope.Batch(connection, transaction, tenantId, customer, orders, outboxScrub))
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        if (customer.RecordsAffected == 0)
        {
            return CustomerWrite.Stale;
        }

        await outbox.EnqueueAsync(connection, transaction, announce(orders.RecordsAffected), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
        return CustomerWrite.Done;
    }

    private async Task<CustomerWrite> WriteAsync(
        string sql, Customer customer, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var write = new NpgsqlBatchCommand(sql)
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = customer.Id },
                new() { Value = customer.Name },
                new() { Value = TextFolding.Fold(customer.Name) },
                Text(customer.Email),
                Text(customer.Phone),
                Text(customer.Document),
                new() { Value = (object?)customer.Address ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Json },
                Text(customer.Notes),
                new() { Value = customer.Version },
                new() { Value = customer.CreatedAt },
                new() { Value = customer.UpdatedAt },
            },
        };
        if (expectedVersion > 0)
        {
            write.Parameters.Add(new() { Value = expectedVersion });
        }

        try
        {
            await using var batch = PostgresTenantScope.Batch(connection, transaction, tenantId, write);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "customers_email_key" })
        {
            return CustomerWrite.EmailTaken;
        }

        if (write.RecordsAffected == 0)
        {
            return CustomerWrite.Stale;
        }

        await outbox.EnqueueAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
        return CustomerWrite.Done;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private async Task<CustomerPage> ReadAsync(NpgsqlBatchCommand select, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, select);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var customers = new List<Customer>();
        long total = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            customers.Add(new Customer(
                tenantId,
                reader.GetGuid(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10)));
            total = reader.GetInt64(11);
        }

        return new CustomerPage(customers, total);
    }
}
