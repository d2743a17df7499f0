using Microsoft.Data.Sqlite;
using Platform.Replication.Engine;

namespace Platform.Replication.Killable;

// A process for the crash test to SIGKILL: it writes to a database and replicates it to a folder until killed.
// Arguments: database path, replica folder, tenant id. Prints "ready" once some commits are shipped.
internal static class KillableReplicator
{
    public static async Task Main(string[] args)
    {
        var (databasePath, replicaRoot, tenant) = (args[0], args[1], Guid.Parse(args[2]));
        var settings = new DatabaseReplicationSettings(tenant, "shop", databasePath, TimeSpan.FromMilliseconds(20), TimeSpan.FromHours(1), TimeSpan.FromDays(1))
        {
            CheckpointPages = 30,
        };
        var replicator = new DatabaseReplicator(settings, ReplicaStoreFactory.Open(new FileSystemTargetSettings(replicaRoot), tenant));
        await replicator.StartAsync(CancellationToken.None);

        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        for (var id = 1; ; id++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 5000; INSERT INTO items (id, body, note) VALUES ($id, randomblob(200 + abs(random() % 2000)), 'killable');";
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
            if (id == 100)
            {
                await replicator.SyncNowAsync(CancellationToken.None);
                Console.WriteLine("ready");
            }

            await Task.Delay(1);
        }
    }
}
