using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Persistence;

/// <summary>
/// Applies a module's pending migrations in one transaction under a transaction-scoped advisory lock,
/// so several instances starting together apply each migration once, and it stays correct behind a
/// transaction-pooling proxy (pgbouncer, Neon) where session locks and prepared statements do not survive.
/// </summary>
public sealed class PostgresMigrator(NpgsqlDataSource dataSource, MigrationSet set, ILogger<PostgresMigrator> logger)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var schema = Quote(set.Schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext(@schema))", cancellationToken, ("schema", set.Schema));
        await ExecuteAsync(connection, $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                version    text PRIMARY KEY,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken);

        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var query = new NpgsqlCommand($"SELECT version, checksum FROM {schema}.schema_migrations", connection))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var newlyApplied = new List<string>();
        foreach (var migration in set.Migrations)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"Migration {set.Schema}/{migration.Version} was changed after it was applied; ship a new migration instead.");
                }

                continue;
            }

            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            await ExecuteAsync(connection, $"INSERT INTO {schema}.schema_migrations (version, checksum) VALUES (@version, @checksum)",
                cancellationToken, ("version", migration.Version), ("checksum", migration.Checksum));
            newlyApplied.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken);
        if (newlyApplied.Count > 0)
        {
            logger.LogInformation("Applied migrations {Migrations} to schema {Schema}", newlyApplied, set.Schema);
        }

        return newlyApplied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
