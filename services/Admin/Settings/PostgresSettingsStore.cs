using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Platform.Admin.Accounts;
using Platform.Admin.Audit;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Settings;

public sealed class PostgresSettingsStore(NpgsqlDataSource dataSource, PostgresRetry retry) : ISettingsStore
{
    public Task<SettingsSnapshot?> ReadAsync(Guid accountId, string? module, CancellationToken cancellationToken) =>
        retry.ReadAsync<SettingsSnapshot?>(async cancellationToken =>
    {
        // The account and its settings in one round trip.
        await using var command = dataSource.CreateCommand("""
            SELECT a.status, a.modules, s.module, s.key, s.value, s.version, s.updated_by, s.updated_at
            FROM admin.accounts a
            LEFT JOIN admin.account_settings s
              ON s.account_id = a.id AND s.module = ANY (a.modules) AND ($2::text IS NULL OR s.module = $2)
            WHERE a.id = $1
            ORDER BY s.module, s.key
            """);
        command.Parameters.Add(new() { Value = accountId });
        command.Parameters.Add(new() { Value = (object?)module ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var (status, modules) = (ParseStatus(reader.GetString(0)), reader.GetFieldValue<string[]>(1));
        var settings = new List<AccountSetting>();
        do
        {
            if (!reader.IsDBNull(2))
            {
                settings.Add(Read(reader, accountId, 2));
            }
        }
        while (await reader.ReadAsync(cancellationToken));

        return new SettingsSnapshot(status, modules, settings);
    }, cancellationToken);

    public Task<Outcome<AccountSetting>> ChangeAsync(
        Guid accountId, string module, string key, Func<SettingState, Outcome<SettingChange>> decide, CancellationToken cancellationToken) =>
        retry.InTransactionAsync<Outcome<AccountSetting>>(async (work, cancellationToken) =>
    {
        var (connection, transaction) = (work.Connection, work.Transaction);

        // Setting writes of one account take turns (NO KEY UPDATE still lets users and charges reference the account),
        // so the key count holds and a module cannot be disabled while one of its settings is being written.
        await using var read = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("SELECT status, modules FROM admin.accounts WHERE id = $1 FOR NO KEY UPDATE") { Parameters = { new() { Value = accountId } } },
                new("""
                    SELECT module, key, value, version, updated_by, updated_at, count(*) OVER ()
                    FROM admin.account_settings WHERE account_id = $1 AND module = $2
                    """) { Parameters = { new() { Value = accountId }, new() { Value = module } } },
            },
        };
        SettingState state;
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new Outcome<AccountSetting>.NotFound();
            }

            var (status, modules) = (ParseStatus(reader.GetString(0)), reader.GetFieldValue<string[]>(1));
            await reader.NextResultAsync(cancellationToken);
            AccountSetting? current = null;
            var keys = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                keys = (int)reader.GetInt64(6);
                if (reader.GetString(1) == key)
                {
                    current = Read(reader, accountId, 0);
                }
            }

            state = new SettingState(status, modules, current, keys);
        }

        var decision = decide(state);
        if (decision is not Outcome<SettingChange>.Success((var next, var audit)))
        {
            return decision.Failure<AccountSetting>();
        }

        var write = next is null ? Delete(accountId, module, key) : Upsert(next);
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { write, PostgresAuditLog.InsertCommand(audit) } };
        AccountSetting stored = state.Current!;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            if (next is not null && await reader.ReadAsync(cancellationToken))
            {
                // What PostgreSQL stored (jsonb normalises spacing and key order) is what a later read returns.
                stored = next with { Value = JsonSerializer.Deserialize<JsonElement>(reader.GetString(0)) };
            }
        }

        await work.CommitAsync(cancellationToken);
        return stored;
    }, cancellationToken);

    private static NpgsqlBatchCommand Upsert(AccountSetting setting) => new("""
        INSERT INTO admin.account_settings (account_id, module, key, value, version, updated_by, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (account_id, module, key) DO UPDATE SET value = $4, version = $5, updated_by = $6, updated_at = $7
        RETURNING value
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
    };

    private static NpgsqlBatchCommand Delete(Guid accountId, string module, string key) => new(
        "DELETE FROM admin.account_settings WHERE account_id = $1 AND module = $2 AND key = $3")
    {
        Parameters = { new() { Value = accountId }, new() { Value = module }, new() { Value = key } },
    };

    private static AccountSetting Read(NpgsqlDataReader reader, Guid accountId, int first) => new(
        accountId,
        reader.GetString(first),
        reader.GetString(first + 1),
        JsonSerializer.Deserialize<JsonElement>(reader.GetString(first + 2)),
        reader.GetInt64(first + 3),
        reader.IsDBNull(first + 4) ? null : reader.GetGuid(first + 4),
        reader.GetFieldValue<DateTimeOffset>(first + 5));

    private static AccountStatus ParseStatus(string status) => Enum.Parse<AccountStatus>(status, ignoreCase: true);
}
