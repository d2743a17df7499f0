using Microsoft.Data.Sqlite;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>
/// A write transaction on a tenant's file: the process's write turn for the file, then SQLite's write lock (IMMEDIATE),
/// so the reads inside it see the data as it stays until commit. Disposing rolls back what was not committed, closes
/// the connection and passes the turn on.
/// </summary>
public sealed class SqliteWrite(SqliteConnection connection, SqliteTransaction transaction, SqliteWriteTurns.Turn turn) : IAsyncDisposable
{
    public SqliteConnection Connection { get; } = connection;

    public SqliteTransaction Transaction { get; } = transaction;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            turn.Dispose();
        }
    }
}
