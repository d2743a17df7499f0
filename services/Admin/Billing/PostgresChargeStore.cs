using Npgsql;
using NpgsqlTypes;
using Platform.Admin.Audit;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Billing;

public sealed class PostgresChargeStore(NpgsqlDataSource dataSource, PostgresRetry retry) : IChargeStore
{
    private const int MaxListed = 500;

    private const string Columns =
        "id, account_id, amount_cents, currency, description, status, provider, provider_reference, failure_reason, created_at, paid_at, failed_at";

    public Task<(bool Added, bool AccountExists)> AddAsync(Charge charge, AuditEntry audit, CancellationToken cancellationToken) =>
        retry.InTransactionAsync<(bool, bool)>(async (work, cancellationToken) =>
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO admin.billing_transactions ({Columns}) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, NULL, $8, NULL, NULL)
            ON CONFLICT (provider, provider_reference) DO NOTHING
            """, work.Connection, work.Transaction);
        command.Parameters.Add(new() { Value = charge.Id });
        command.Parameters.Add(new() { Value = charge.AccountId });
        command.Parameters.Add(new() { Value = charge.AmountCents });
        command.Parameters.Add(new() { Value = charge.Currency });
        command.Parameters.Add(new() { Value = charge.Description });
        command.Parameters.Add(new() { Value = (object?)charge.Provider ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)charge.ProviderReference ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = charge.CreatedAt });
        try
        {
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return (false, true);
            }
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return (false, false);
        }

        await AuditAndCommitAsync(work, audit, cancellationToken);
        return (true, true);
    }, cancellationToken);

    public Task<Charge?> FindAsync(Guid chargeId, CancellationToken cancellationToken) =>
        retry.ReadAsync<Charge?>(async cancellationToken =>
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM admin.billing_transactions WHERE id = $1");
        command.Parameters.Add(new() { Value = chargeId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }, cancellationToken);

    public Task<Charge?> SettleAsync(
        Guid chargeId, ChargeStatus outcome, string? reason, DateTimeOffset now, Func<Charge, AuditEntry> audit, CancellationToken cancellationToken) =>
        retry.InTransactionAsync<Charge?>(async (work, cancellationToken) =>
    {
        // The status condition makes settling atomic: of two concurrent settlements exactly one applies.
        await using var command = new NpgsqlCommand($"""
            UPDATE admin.billing_transactions SET
                status = $2,
                paid_at = CASE WHEN $2 = 'paid' THEN $3 END,
                failed_at = CASE WHEN $2 = 'failed' THEN $3 END,
                failure_reason = $4
            WHERE id = $1 AND status = 'pending'
            RETURNING {Columns}
            """, work.Connection, work.Transaction);
        command.Parameters.Add(new() { Value = chargeId });
        command.Parameters.Add(new() { Value = outcome.ToString().ToLowerInvariant() });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        Charge? settled;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            settled = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }

        if (settled is not null)
        {
            await AuditAndCommitAsync(work, audit(settled), cancellationToken);
        }

        return settled;
    }, cancellationToken);

    private static async Task AuditAndCommitAsync(UnitOfWork work, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var append = new NpgsqlBatch(work.Connection, work.Transaction) { BatchCommands = { PostgresAuditLog.InsertCommand(audit) } };
        await append.ExecuteNonQueryAsync(cancellationToken);
        await work.CommitAsync(cancellationToken);
    }

    public Task<(IReadOnlyList<Charge> Charges, ChargeTotals Totals)> ListAsync(Guid accountId, ChargeQuery query, CancellationToken cancellationToken) =>
        retry.ReadAsync<(IReadOnlyList<Charge> Charges, ChargeTotals Totals)>(async cancellationToken =>
    {
        // Window aggregates run before LIMIT: the totals cover the whole period even when the list is capped.
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns},
                   coalesce(sum(amount_cents) FILTER (WHERE status = 'paid') OVER (), 0)::bigint,
                   coalesce(sum(amount_cents) FILTER (WHERE status = 'pending') OVER (), 0)::bigint,
                   coalesce(sum(amount_cents) FILTER (WHERE status = 'failed') OVER (), 0)::bigint,
                   count(*) OVER ()
            FROM admin.billing_transactions
            WHERE account_id = $1
              AND ($2::timestamptz IS NULL OR created_at >= $2)
              AND ($3::timestamptz IS NULL OR created_at < $3)
              AND ($4::text IS NULL OR status = $4)
            ORDER BY created_at DESC, id DESC
            LIMIT {MaxListed}
            """);
        command.Parameters.Add(new() { Value = accountId });
        command.Parameters.Add(new() { Value = (object?)query.From?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)query.To?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)query.Status?.ToString().ToLowerInvariant() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });

        var charges = new List<Charge>();
        var totals = new ChargeTotals(0, 0, 0, 0);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            charges.Add(Read(reader));
            totals = new ChargeTotals(reader.GetInt64(12), reader.GetInt64(13), reader.GetInt64(14), (int)reader.GetInt64(15));
        }

        return (charges, totals);
    }, cancellationToken);

    private static Charge Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetInt64(2),
        reader.GetString(3),
        reader.GetString(4),
        Enum.Parse<ChargeStatus>(reader.GetString(5), ignoreCase: true),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.GetFieldValue<DateTimeOffset>(9),
        reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11));
}
