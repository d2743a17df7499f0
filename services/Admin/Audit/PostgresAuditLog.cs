using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Audit;

public sealed class PostgresAuditLog(NpgsqlDataSource dataSource, PostgresRetry retry) : IAuditLog
{
    private const string Columns =
        "id, event_id, account_id, actor_user_id, action, resource_type, resource_id, old_values, new_values, ip, source, occurred_at";

    public async Task<bool> RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await retry.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(null, connection);
        Prepare(command, entry);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(null, connection, transaction);
        Prepare(command, entry);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<(IReadOnlyList<AuditEntry> Entries, long Total)> QueryAsync(AuditQuery query, CancellationToken cancellationToken) =>
        retry.ReadAsync<(IReadOnlyList<AuditEntry> Entries, long Total)>(async cancellationToken =>
    {
        // The total is counted on its own so that a page past the end still reports it (in a row of NULLs); one round trip.
        const string filter = """
            ($1::uuid IS NULL OR account_id = $1)
              AND ($2::uuid IS NULL OR actor_user_id = $2)
              AND ($3::text IS NULL OR resource_type = $3)
              AND ($4::text IS NULL OR resource_id = $4)
              AND ($5::timestamptz IS NULL OR occurred_at >= $5)
              AND ($6::timestamptz IS NULL OR occurred_at < $6)
            """;
        await using var command = dataSource.CreateCommand($"""
            SELECT page.*, matching.total
            FROM (SELECT count(*) AS total FROM admin.audit_entries WHERE {filter}) matching
            LEFT JOIN LATERAL (
                SELECT {Columns} FROM admin.audit_entries WHERE {filter}
                ORDER BY occurred_at DESC, id DESC
                LIMIT $7 OFFSET $8) page ON true
            """);
        command.Parameters.Add(new() { Value = (object?)query.AccountId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)query.ActorUserId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)query.ResourceType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)query.ResourceId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)query.From?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)query.To?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = query.PageSize });
        command.Parameters.Add(new() { Value = (long)(query.Page - 1) * query.PageSize });

        var entries = new List<AuditEntry>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            total = reader.GetInt64(12);
            if (reader.IsDBNull(0))
            {
                continue;
            }

            entries.Add(new AuditEntry(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : JsonDocument.Parse(reader.GetString(7)).RootElement,
                reader.IsDBNull(8) ? null : JsonDocument.Parse(reader.GetString(8)).RootElement,
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.GetString(10),
                reader.GetFieldValue<DateTimeOffset>(11)));
        }

        return (entries, total);
    }, cancellationToken);

    /// <summary>The entry's insert as a batch command, so a store can send it with its own change in one round trip.</summary>
    public static NpgsqlBatchCommand InsertCommand(AuditEntry entry)
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        AddParameters(command.Parameters, entry);
        return command;
    }

    private const string InsertSql = $"""
        INSERT INTO admin.audit_entries ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private static void Prepare(NpgsqlCommand command, AuditEntry entry)
    {
        command.CommandText = InsertSql;
        AddParameters(command.Parameters, entry);
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, AuditEntry entry)
    {
        parameters.Add(new() { Value = entry.Id });
        parameters.Add(new() { Value = entry.EventId });
        parameters.Add(new() { Value = (object?)entry.AccountId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        parameters.Add(new() { Value = (object?)entry.ActorUserId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        parameters.Add(new() { Value = entry.Action });
        parameters.Add(new() { Value = entry.ResourceType });
        parameters.Add(new() { Value = entry.ResourceId });
        parameters.Add(new() { Value = (object?)entry.OldValues?.GetRawText() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        parameters.Add(new() { Value = (object?)entry.NewValues?.GetRawText() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        parameters.Add(new() { Value = (object?)entry.Ip ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new() { Value = entry.Source });
        parameters.Add(new() { Value = entry.OccurredAt.ToUniversalTime() });
    }
}
