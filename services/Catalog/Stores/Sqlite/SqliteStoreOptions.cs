namespace Platform.Catalog.Stores.Sqlite;

public sealed class SqliteStoreOptions
{
    /// <summary>The folder holding one <c>{tenant-id}.db</c> file per SQLite tenant (relative to the content root).</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>How long a statement waits for another writer of the same file before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
