using StackExchange.Redis;

namespace Platform.TestSupport;

/// <summary>
/// A key prefix of its own on a Redis server (the shared one unless told otherwise) for one test: what the test and the
/// service under test write lives under it, and every such key is deleted (SCAN + DEL) when the test ends.
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    private TestRedis(string connectionString, string keyPrefix, ConnectionMultiplexer connection)
    {
        ConnectionString = connectionString;
        KeyPrefix = keyPrefix;
        Connection = connection;
    }

    public string ConnectionString { get; }

    /// <summary>Pass as <c>Redis:KeyPrefix</c> to the service under test.</summary>
    public string KeyPrefix { get; }

    /// <summary>A connection of the test's own, to look at and arrange what the service stored.</summary>
    public ConnectionMultiplexer Connection { get; }

    public IDatabase Database => Connection.GetDatabase();

    /// <summary>
    /// Generous for a test that is not about outages: a busy 2-core test machine must not open the service's Redis break
    /// (it would then, correctly, read past Redis and the test would not see what it looks for).
    /// </summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The settings a service under test needs: the connection string, this test's prefix and <see cref="OperationTimeout"/>.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:redis"] = ConnectionString,
        ["Redis:KeyPrefix"] = KeyPrefix,
        ["Redis:OperationTimeout"] = OperationTimeout.ToString("c"),
    };

    public static async Task<TestRedis> CreateAsync(string purpose, string? connectionString = null)
    {
        connectionString ??= TestEnvironment.Redis;
        var options = ConfigurationOptions.Parse(connectionString);
        options.AllowAdmin = true;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        return new TestRedis(connectionString, $"test:{purpose}:{Guid.NewGuid():N}", connection);
    }

    /// <summary>Every key under this test's prefix, found by SCAN.</summary>
    public IReadOnlyList<string> Keys(string pattern = "*") =>
        Connection.GetEndPoints()
            .Select(endpoint => Connection.GetServer(endpoint))
            .Where(server => server.IsConnected && !server.IsSlave)
            .SelectMany(server => server.Keys(pattern: $"{KeyPrefix}:{pattern}", pageSize: 500))
            .Select(key => (string)key!)
            .ToList();

    public async ValueTask DisposeAsync()
    {
        try
        {
            var keys = Keys().Select(key => (RedisKey)key).ToArray();
            foreach (var batch in keys.Chunk(500))
            {
                await Database.KeyDeleteAsync(batch);
            }
        }
        finally
        {
            Connection.Dispose();
        }
    }
}
