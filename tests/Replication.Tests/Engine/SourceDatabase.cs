using Microsoft.Data.Sqlite;

namespace Platform.Replication.Tests.Engine;

/// <summary>A tenant SQLite file in a temp folder of the test's own, with a writer and a row-by-row dump.</summary>
public sealed class SourceDatabase : IDisposable
{
    private int nextId;

    public SourceDatabase()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"replication-engine-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, "shop.db");
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE items (id INTEGER PRIMARY KEY, body BLOB NOT NULL, note TEXT);
            CREATE INDEX items_note ON items (note);
            """);
    }

    public string Folder { get; }

    public string Path { get; }

    public string OutputPath(string name) => System.IO.Path.Combine(Folder, name);

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 5000;");
        return connection;
    }

    /// <summary>Commits <paramref name="transactions"/> transactions of a few inserts, an update and a delete each.</summary>
    public void Write(int transactions, TimeSpan pause = default)
    {
        using var connection = Open();
        for (var i = 0; i < transactions; i++)
        {
            using var transaction = connection.BeginTransaction();
            for (var row = 0; row < 3; row++)
            {
                var id = Interlocked.Increment(ref nextId);
                var body = new byte[Random.Shared.Next(10, 3000)];
                Random.Shared.NextBytes(body);
                Execute(connection, "INSERT INTO items (id, body, note) VALUES ($id, $body, $note);", transaction,
                    ("$id", id), ("$body", body), ("$note", $"note {id}"));
            }

            Execute(connection, "UPDATE items SET note = note || '+' WHERE id = $id;", transaction, ("$id", Random.Shared.Next(1, nextId + 1)));
            Execute(connection, "DELETE FROM items WHERE id = $id;", transaction, ("$id", Random.Shared.Next(1, nextId + 1)));
            transaction.Commit();
            Thread.Sleep(pause);
        }
    }

    /// <summary>Every row of every table (the engine's own bookkeeping table aside), as text with blobs in hex.</summary>
    public static List<string> Dump(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        var rows = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, hex(body), note FROM items ORDER BY id;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add($"{reader.GetInt64(0)}|{reader.GetString(1)}|{(reader.IsDBNull(2) ? "NULL" : reader.GetString(2))}");
        }

        return rows;
    }

    public List<string> Dump() => Dump(Path);

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A replicator of a failed test may still hold a file open; the temp folder is cleaned by the machine.
        }
    }
}
