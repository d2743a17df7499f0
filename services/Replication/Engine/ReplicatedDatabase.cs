using Microsoft.Data.Sqlite;

namespace Platform.Replication.Engine;

/// <summary>
/// The engine's two connections to a replicated database: one that writes its sequence row, checkpoints and copies
/// snapshots, and one that holds the WAL with a read transaction or, around a checkpoint, the write lock.
/// </summary>
internal sealed class ReplicatedDatabase : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteConnection holder;
    private SqliteTransaction? readTransaction;

    /// <param name="walSizeLimit">Bytes the WAL file shrinks back to when the engine's own write restarts it.</param>
    public ReplicatedDatabase(string path, long walSizeLimit)
    {
        connection = Open(path);
        Execute(connection, $"""
            PRAGMA journal_mode = WAL;
            PRAGMA wal_autocheckpoint = 0;
            PRAGMA journal_size_limit = {walSizeLimit};
            CREATE TABLE IF NOT EXISTS _replication_seq (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
            """);
        BumpSequence();
        holder = Open(path);
    }

    /// <summary>A write of the engine's own: the WAL holds a frame, so a read transaction gets a read mark on it.</summary>
    public void BumpSequence() => Execute(connection,
        "INSERT INTO _replication_seq (id, seq) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET seq = seq + 1;");

    /// <summary>A read transaction with a WAL read mark: no other connection can restart the WAL while it is held.</summary>
    public void HoldWal()
    {
        ReleaseWal();
        readTransaction = holder.BeginTransaction(deferred: true);
        using var command = holder.CreateCommand();
        command.Transaction = readTransaction;
        command.CommandText = "SELECT COUNT(*) FROM _replication_seq;";
        command.ExecuteScalar();
    }

    public void ReleaseWal()
    {
        readTransaction?.Dispose();
        readTransaction = null;
    }

    /// <summary>Takes the write lock (the WAL hold is released first); writers wait until it is disposed.</summary>
    public IDisposable LockWriters()
    {
        ReleaseWal();
        return holder.BeginTransaction(deferred: false);
    }

    /// <summary>A PASSIVE checkpoint: frames in the WAL and frames copied into the database.</summary>
    public (long Log, long Copied) CheckpointPassive()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var result = command.ExecuteReader();
        result.Read();
        return (result.GetInt64(1), result.GetInt64(2));
    }

    /// <summary>A page-for-page copy of a committed state (SQLite's backup API) into a new file.</summary>
    public void BackupTo(string path)
    {
        using var destination = new SqliteConnection($"Data Source={path};Pooling=False");
        destination.Open();
        connection.BackupDatabase(destination);
    }

    public void Dispose()
    {
        ReleaseWal();
        holder.Dispose();
        connection.Dispose();
    }

    private static SqliteConnection Open(string path)
    {
        var opened = new SqliteConnection($"Data Source={path};Pooling=False");
        opened.Open();
        Execute(opened, "PRAGMA busy_timeout = 5000;");
        return opened;
    }

    private static void Execute(SqliteConnection on, string sql)
    {
        using var command = on.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
