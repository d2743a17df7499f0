using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>
/// The SQLite tenants' files: <c>{data folder}/{tenant-id}.db</c> in WAL mode. Only provisioning creates a file;
/// opening one that does not exist fails instead of silently starting an empty catalog. Each file is migrated once
/// per process before its first use.
/// </summary>
public sealed class SqliteTenantDatabases(SqliteStoreOptions options, SqliteMigrator migrator, ILogger<SqliteTenantDatabases> logger)
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task>> migrated = new();
    private readonly SqliteWriteTurns turns = new(options.BusyTimeout);

    public string DataDirectory { get; } = Path.GetFullPath(options.DataDirectory);

    public string PathOf(Guid tenantId) => Path.Combine(DataDirectory, $"{tenantId:D}.db");

    /// <summary>Creates (or finds) the tenant's file, switches it to WAL and applies the migrations. Idempotent.</summary>
    public async Task CreateAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        await using (var connection = new SqliteConnection(ConnectionString(tenantId, SqliteOpenMode.ReadWriteCreate)))
        {
            await connection.OpenAsync(cancellationToken);
            await using var wal = new SqliteCommand("PRAGMA journal_mode = WAL", connection);
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{connection.DataSource} could not be switched to WAL (journal mode {mode}).");
            }
        }

        await EnsureMigratedAsync(tenantId, cancellationToken);
    }

    public bool Exists(Guid tenantId) => File.Exists(PathOf(tenantId));

    public async Task<SqliteConnection> OpenAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await EnsureMigratedAsync(tenantId, cancellationToken);
        return await OpenMigratedAsync(tenantId, cancellationToken);
    }

    /// <summary>Opens the tenant's file for a write transaction, taking the file's write turn first.</summary>
    public async Task<SqliteWrite> BeginWriteAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(tenantId, cancellationToken);
        SqliteWriteTurns.Turn? turn = null;
        try
        {
            turn = turns.Take(tenantId, cancellationToken);
            return new SqliteWrite(connection, connection.BeginTransaction(deferred: false), turn);
        }
        catch
        {
            turn?.Dispose();
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs one statement that writes outside a transaction in the file's write turn: a write that skipped the turn
    /// would meet the waiting writers in SQLite's busy handler and wait there, unfairly.
    /// </summary>
    public async Task<int> ExecuteWriteAsync(Guid tenantId, SqliteCommand command, CancellationToken cancellationToken)
    {
        using var turn = turns.Take(tenantId, cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task EnsureMigratedAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var once = migrated.GetOrAdd(tenantId, id => new Lazy<Task>(() => MigrateAsync(id)));
        var migration = once.Value;
        if (migration.IsFaulted)
        {
            // A failed attempt (a file briefly locked, a disk hiccup) must not poison the tenant until a restart.
            migrated.TryUpdate(tenantId, new Lazy<Task>(() => MigrateAsync(tenantId)), once);
        }

        return migration.WaitAsync(cancellationToken);
    }

    private async Task MigrateAsync(Guid tenantId)
    {
        await using var connection = await OpenMigratedAsync(tenantId, CancellationToken.None);
        var applied = await migrator.MigrateAsync(connection, CancellationToken.None);
        if (applied.Count > 0)
        {
            logger.LogInformation("Applied SQLite migrations {Migrations} to tenant {TenantId}", applied, tenantId);
        }
    }

    private async Task<SqliteConnection> OpenMigratedAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString(tenantId, SqliteOpenMode.ReadWrite));
        try
        {
            await connection.OpenAsync(cancellationToken);

            // SQLite's own busy handler retries a locked write within milliseconds; left to Microsoft.Data.Sqlite, a
            // writer that finds the file locked sleeps 150 ms before trying again, and concurrent orders queue that way.
            await using var busy = new SqliteCommand($"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}", connection);
            await busy.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private string ConnectionString(Guid tenantId, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = PathOf(tenantId),
        Mode = mode,
        Pooling = true,
        ForeignKeys = true,
        DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
    }.ToString();
}
