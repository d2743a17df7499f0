using Microsoft.Data.Sqlite;

namespace Platform.Replication.Engine;

/// <summary>
/// The engine's two connections to a replicated database: one that writes its sequence row, checkpoints and copies
/// snapshots, and one that holds the WAL with a read transaction or, around a checkpoint, the write lock (a third is
/// opened for a moment each time the hold is taken).
/// </summary>
internal sealed class ReplicatedDatabase : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteConnection holder;
    private readonly string path;
    private SqliteTransaction? readTransaction;

    /// <param name="walSizeLimit">Bytes the WAL file shrinks back to when the engine's own write restarts it.</param>
    public ReplicatedDatabase(string path, long walSizeLimit)
    {
        this.path = path;
        connection = Open(path);
        Execute(connection, $"""
            PRAGMA journal_mode = WAL;
            PRAGMA wal_autocheckpoint = 0;
            PRAGMA journal_size_limit = {walSizeLimit};
            CREATE TABLE IF NOT EXISTS _replication_seq (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
            """);
        holder = Open(path);
    }

    private void BumpSequence() => Execute(connection,
        "INSERT INTO _replication_seq (id, seq) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET seq = seq + 1;");

    /// <summary>
    /// A read transaction with a WAL read mark: no other connection can restart the WAL while it is held. A read begun
    /// while every WAL frame is checkpointed reads the database file alone (read mark 0), which does not stop a restart;
    /// so a guard read first blocks checkpoints past its own mark, the sequence write adds a frame beyond it, and the
    /// hold, begun after that, always gets a real mark. The sequence write may itself restart a fully checkpointed WAL.
    /// </summary>
    public void HoldWal()
    {
        ReleaseWal();
        using var guard = Open(path);
        using (BeginRead(guard))
        {
            BumpSequence();
            readTransaction = BeginRead(holder);
        }
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

    private static SqliteTransaction BeginRead(SqliteConnection on)
    {
        var transaction = on.BeginTransaction(deferred: true);
        using var command = on.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM _replication_seq;";
        command.ExecuteScalar();
        return transaction;
    }

    private static void Execute(SqliteConnection on, string sql)
    {
        using var command = on.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
