using Npgsql;
using Platform.Admin.Audit;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Modules;

public sealed class PostgresModuleStore(NpgsqlDataSource dataSource, PostgresRetry retry) : IModuleStore
{
    private const string Columns = "slug, name, description, requires, active, version, created_at, updated_at";

    public Task<ModuleCatalogue> ReadAsync(CancellationToken cancellationToken) =>
        retry.ReadAsync<ModuleCatalogue>(async cancellationToken =>
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM admin.modules ORDER BY slug");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAllAsync(reader, cancellationToken);
    }, cancellationToken);

    public Task<Outcome<Module>> ChangeAsync(
        Func<ModuleCatalogue, Outcome<(Module Module, AuditEntry Audit)>> decide, CancellationToken cancellationToken) =>
        retry.InTransactionAsync<Outcome<Module>>(async (work, cancellationToken) =>
    {
        var (connection, transaction) = (work.Connection, work.Transaction);
        await using var read = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("SELECT pg_advisory_xact_lock(hashtext('admin.modules'))"),
                new($"SELECT {Columns} FROM admin.modules ORDER BY slug"),
            },
        };
        ModuleCatalogue catalogue;
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            catalogue = await ReadAllAsync(reader, cancellationToken);
        }

        var decision = decide(catalogue);
        if (decision is not Outcome<(Module, AuditEntry)>.Success((var module, var audit)))
        {
            return decision.Failure<Module>();
        }

        var upsert = new NpgsqlBatchCommand($"""
            INSERT INTO admin.modules ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (slug) DO UPDATE SET name = $2, description = $3, requires = $4, active = $5, version = $6, updated_at = $8
            """)
        {
            Parameters =
            {
                new() { Value = module.Slug },
                new() { Value = module.Name },
                new() { Value = module.Description },
                new() { Value = module.Requires.ToArray() },
                new() { Value = module.Active },
                new() { Value = module.Version },
                new() { Value = module.CreatedAt },
                new() { Value = module.UpdatedAt },
            },
        };
        await using var write = new NpgsqlBatch(connection, transaction) { BatchCommands = { upsert, PostgresAuditLog.InsertCommand(audit) } };
        await write.ExecuteNonQueryAsync(cancellationToken);
        await work.CommitAsync(cancellationToken);
        return module;
    }, cancellationToken);

    private static async Task<ModuleCatalogue> ReadAllAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var modules = new List<Module>();
        while (await reader.ReadAsync(cancellationToken))
        {
            modules.Add(new Module(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<string[]>(3),
                reader.GetBoolean(4),
                reader.GetInt64(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return new ModuleCatalogue(modules);
    }
}
