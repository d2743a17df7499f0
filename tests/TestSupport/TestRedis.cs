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
        // The test machine is small and busy; the test's own look-ups must not time out where the service's would not.
        options.SyncTimeout = (int)OperationTimeout.TotalMilliseconds;
        options.ConnectTimeout = (int)OperationTimeout.TotalMilliseconds;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        return new TestRedis(connectionString, $"test:{purpose}:{Guid.NewGuid():N}", connection);
    }

    /// <summary>Every key under this test's prefix matching <paramref name="pattern"/>, found by SCAN.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync(string pattern = "*")
    {
        var keys = new List<string>();
        var cursor = "0";
        do
        {
            var page = (RedisResult[])(await Database.ExecuteAsync("SCAN", cursor, "MATCH", $"{KeyPrefix}:{pattern}", "COUNT", "500"))!;
            cursor = (string)page[0]!;
            keys.AddRange(((RedisResult[])page[1]!).Select(key => (string)key!));
        }
        while (cursor != "0");

        return keys;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var keys = (await KeysAsync()).Select(key => (RedisKey)key).ToArray();
            foreach (var batch in keys.Chunk(500))
            {
                await Database.KeyDeleteAsync(batch);
            }
        }
        finally
        {
            // Dispose alone waits a whole sync timeout in StackExchange.Redis 1.2.6.
            Connection.Close(allowCommandsToComplete: false);
            Connection.Dispose();
        }
    }
}
