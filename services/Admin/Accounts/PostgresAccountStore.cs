using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Platform.Admin.Audit;
using Platform.Admin.Settings;
using Platform.Contracts;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Accounts;

/// <summary>
/// Accounts on Admin's database (Neon: remote and pooled). Each write is one transaction holding the row and its
/// events; nothing relies on session state or prepared statements surviving between transactions.
/// </summary>
public sealed class PostgresAccountStore(NpgsqlDataSource dataSource, PostgresRetry retry, OutboxWriter outbox) : IAccountStore
{
    private const string Columns =
        "id, company_name, cnpj, contact_email, plan_id, modules, status, database_type, database_config, version, created_at, updated_at";

    private const string Filter = "($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR plan_id = $2)";

    public Task<bool> AddAsync(
        Account account, IReadOnlyList<AccountSetting> settings, IReadOnlyList<IIntegrationEvent> events, IReadOnlyList<AuditEntry> audit,
        CancellationToken cancellationToken) => retry.InTransactionAsync(async (work, cancellationToken) =>
    {
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO admin.accounts ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (cnpj) DO NOTHING
            """, work.Connection, work.Transaction);
        AddRowParameters(insert, account);
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await CommitWithEventsAsync(work, events, audit, settings, cancellationToken);
        return true;
    }, cancellationToken);

    public Task<Account?> FindAsync(Guid accountId, CancellationToken cancellationToken) => retry.ReadAsync(async cancellationToken =>
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM admin.accounts WHERE id = $1");
        command.Parameters.Add(new() { Value = accountId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }, cancellationToken);

    public Task<Page<Account>> ListAsync(AccountFilter filter, CancellationToken cancellationToken) => retry.ReadAsync(async cancellationToken =>
    {
        // The total comes with the page in one round trip: every trip to a remote database costs ~100+ ms. It is counted
        // on its own (not as a window over the page) so a page past the end still reports it, in a row of NULLs.
        await using var command = dataSource.CreateCommand($"""
            SELECT page.*, matching.total
            FROM (SELECT count(*) AS total FROM admin.accounts WHERE {Filter}) matching
            LEFT JOIN LATERAL (
                SELECT {Columns} FROM admin.accounts WHERE {Filter}
                ORDER BY created_at DESC, id DESC
                LIMIT $3 OFFSET $4) page ON true
            """);
        command.Parameters.Add(new() { Value = (object?)filter.Status?.ToString().ToLowerInvariant() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)filter.PlanId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = filter.PageSize });
        command.Parameters.Add(new() { Value = (long)(filter.Page - 1) * filter.PageSize });

        var items = new List<Account>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0))
            {
                items.Add(Read(reader));
            }

            total = reader.GetInt64(12);
        }

        return new Page<Account>(items, total, filter.Page, filter.PageSize);
    }, cancellationToken);

    public Task<bool> UpdateAsync(Account account, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, AuditEntry audit, CancellationToken cancellationToken) =>
        retry.InTransactionAsync(async (work, cancellationToken) =>
    {
        await using var update = new NpgsqlCommand("""
            UPDATE admin.accounts SET
                company_name = $2, cnpj = $3, contact_email = $4, plan_id = $5, modules = $6, status = $7,
                database_type = $8, database_config = $9, version = $10, created_at = $11, updated_at = $12
            WHERE id = $1 AND version = $13
            """, work.Connection, work.Transaction);
        AddRowParameters(update, account);
        update.Parameters.Add(new() { Value = expectedVersion });
        if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await CommitWithEventsAsync(work, events, [audit], [], cancellationToken);
        return true;
    }, cancellationToken);

    /// <summary>The events, settings and audit entries join the change's transaction; the relay is woken once it commits.</summary>
    private async Task CommitWithEventsAsync(
        UnitOfWork work, IReadOnlyList<IIntegrationEvent> events, IReadOnlyList<AuditEntry> audit,
        IReadOnlyList<AccountSetting> settings, CancellationToken cancellationToken)
    {
        await outbox.EnqueueAsync(work.Connection, work.Transaction, events, cancellationToken);
        await using var batch = new NpgsqlBatch(work.Connection, work.Transaction);
        foreach (var setting in settings)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO admin.account_settings (account_id, module, key, value, version, updated_by, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """)
            {
                Parameters =
                {
                    new() { Value = setting.AccountId },
                    new() { Value = setting.Module },
                    new() { Value = setting.Key },
                    new() { Value = setting.Value.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb },
                    new() { Value = setting.Version },
                    new() { Value = (object?)setting.UpdatedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                    new() { Value = setting.UpdatedAt },
                },
            });
        }

        foreach (var entry in audit)
        {
            batch.BatchCommands.Add(PostgresAuditLog.InsertCommand(entry));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await work.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
    }

    private static void AddRowParameters(NpgsqlCommand command, Account account)
    {
        command.Parameters.Add(new() { Value = account.Id });
        command.Parameters.Add(new() { Value = account.CompanyName });
        command.Parameters.Add(new() { Value = account.Cnpj.Value });
        command.Parameters.Add(new() { Value = account.ContactEmail });
        command.Parameters.Add(new() { Value = account.PlanId });
        command.Parameters.Add(new() { Value = account.Modules.ToArray() });
        command.Parameters.Add(new() { Value = account.Status.ToString().ToLowerInvariant() });
        command.Parameters.Add(new() { Value = account.DatabaseType.ToString().ToLowerInvariant() });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(account.DatabaseConfig), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = account.Version });
        command.Parameters.Add(new() { Value = account.CreatedAt });
        command.Parameters.Add(new() { Value = account.UpdatedAt });
    }

    private static Account Read(NpgsqlDataReader reader)
    {
        Cnpj.TryParse(reader.GetString(2), out var cnpj);
        return new Account(
            reader.GetGuid(0),
            reader.GetString(1),
            cnpj,
            reader.GetString(3),
            reader.GetGuid(4),
            reader.GetFieldValue<string[]>(5),
            Enum.Parse<AccountStatus>(reader.GetString(6), ignoreCase: true),
            Enum.Parse<DatabaseType>(reader.GetString(7), ignoreCase: true),
            JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(8))!,
            reader.GetInt64(9),
            reader.GetFieldValue<DateTimeOffset>(10),
            reader.GetFieldValue<DateTimeOffset>(11));
    }
}
