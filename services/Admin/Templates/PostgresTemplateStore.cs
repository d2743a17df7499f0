using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Platform.Admin.Audit;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Templates;

public sealed class PostgresTemplateStore(NpgsqlDataSource dataSource, PostgresRetry retry) : ITemplateStore
{
    private const string Columns = "slug, name, description, modules, settings, sample_categories, active, version, created_at, updated_at";

    public Task<bool> AddAsync(ShopTemplate template, AuditEntry audit, CancellationToken cancellationToken) => WriteAsync(() =>
    {
        var insert = new NpgsqlBatchCommand($"""
            INSERT INTO admin.shop_templates ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (slug) DO NOTHING
            """);
        AddRowParameters(insert.Parameters, template);
        return insert;
    }, audit, cancellationToken);

    public Task<ShopTemplate?> FindAsync(string slug, CancellationToken cancellationToken) =>
        retry.ReadAsync<ShopTemplate?>(async cancellationToken =>
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM admin.shop_templates WHERE slug = $1");
        command.Parameters.Add(new() { Value = slug });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }, cancellationToken);

    public Task<IReadOnlyList<ShopTemplate>> ListAsync(CancellationToken cancellationToken) =>
        retry.ReadAsync<IReadOnlyList<ShopTemplate>>(async cancellationToken =>
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM admin.shop_templates ORDER BY name, slug");
        return await ReadAsync(command, cancellationToken);
    }, cancellationToken);

    public Task<bool> UpdateAsync(ShopTemplate template, long expectedVersion, AuditEntry audit, CancellationToken cancellationToken) => WriteAsync(() =>
    {
        var update = new NpgsqlBatchCommand("""
            UPDATE admin.shop_templates SET
                name = $2, description = $3, modules = $4, settings = $5, sample_categories = $6, active = $7, version = $8,
                created_at = $9, updated_at = $10
            WHERE slug = $1 AND version = $11
            """);
        AddRowParameters(update.Parameters, template);
        update.Parameters.Add(new() { Value = expectedVersion });
        return update;
    }, audit, cancellationToken);

    /// <summary>The row and its audit entry in one round trip; the transaction commits only when the row was written.</summary>
    private Task<bool> WriteAsync(Func<NpgsqlBatchCommand> row, AuditEntry audit, CancellationToken cancellationToken) =>
        retry.InTransactionAsync<bool>(async (work, cancellationToken) =>
    {
        var write = row();
        await using var batch = new NpgsqlBatch(work.Connection, work.Transaction) { BatchCommands = { write, PostgresAuditLog.InsertCommand(audit) } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (write.RecordsAffected != 1)
        {
            return false;
        }

        await work.CommitAsync(cancellationToken);
        return true;
    }, cancellationToken);

    private static void AddRowParameters(NpgsqlParameterCollection parameters, ShopTemplate template)
    {
        parameters.Add(new() { Value = template.Slug });
        parameters.Add(new() { Value = template.Name });
        parameters.Add(new() { Value = template.Description });
        parameters.Add(new() { Value = template.Modules.ToArray() });
        parameters.Add(new() { Value = JsonSerializer.Serialize(template.Settings), NpgsqlDbType = NpgsqlDbType.Jsonb });
        parameters.Add(new() { Value = JsonSerializer.Serialize(template.SampleCategories), NpgsqlDbType = NpgsqlDbType.Jsonb });
        parameters.Add(new() { Value = template.Active });
        parameters.Add(new() { Value = template.Version });
        parameters.Add(new() { Value = template.CreatedAt });
        parameters.Add(new() { Value = template.UpdatedAt });
    }

    private static async Task<List<ShopTemplate>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var templates = new List<ShopTemplate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            templates.Add(new ShopTemplate(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<string[]>(3),
                JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, JsonElement>>>(reader.GetString(4))!,
                JsonSerializer.Deserialize<List<string>>(reader.GetString(5))!,
                reader.GetBoolean(6),
                reader.GetInt64(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return templates;
    }
}
