using Npgsql;

namespace Platform.TestSupport;

/// <summary>A PostgreSQL database of its own for one test, dropped when the test ends.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString, string pooledConnectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        PooledConnectionString = pooledConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The same database through the transaction-pooling proxy when one runs, else directly.</summary>
    public string PooledConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string purpose)
    {
        var name = $"t_{purpose}_{Guid.NewGuid():N}"[..Math.Min(63, purpose.Length + 35)];
        await using (var server = new NpgsqlConnection(TestEnvironment.PostgresServer))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", server);
            await create.ExecuteNonQueryAsync();
        }

        var direct = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresServer) { Database = name };
        var pooled = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresPooler ?? TestEnvironment.PostgresServer) { Database = name };
        return new TestDatabase(name, direct.ConnectionString, pooled.ConnectionString);
    }

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(TestEnvironment.PostgresServer);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
