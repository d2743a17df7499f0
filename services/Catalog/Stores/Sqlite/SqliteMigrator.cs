using Microsoft.Data.Sqlite;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>
/// Applies the SQLite dialect's versioned migrations to one tenant file, inside one write transaction: several
/// instances opening the same file apply each migration once, and a file is never left half-migrated.
/// </summary>
public sealed class SqliteMigrator(IReadOnlyList<Migration> migrations)
{
    public const string ResourcePrefix = "Migrations.Sqlite.";

    public async Task<IReadOnlyList<string>> MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // IMMEDIATE: take the write lock before reading what was applied, so two migrators cannot both decide to apply.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    TEXT PRIMARY KEY,
                checksum   TEXT NOT NULL,
                applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            ) STRICT;
            """, cancellationToken);

        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var query = new SqliteCommand("SELECT version, checksum FROM schema_migrations", connection, transaction))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var newlyApplied = new List<string>();
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"SQLite migration {migration.Version} was changed after it was applied to {connection.DataSource}; ship a new migration instead.");
                }

                continue;
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new SqliteCommand("INSERT INTO schema_migrations (version, checksum) VALUES ($version, $checksum)", connection, transaction);
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$checksum", migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
            newlyApplied.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken);
        return newlyApplied;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
