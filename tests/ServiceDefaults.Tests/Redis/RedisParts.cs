using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Redis;

namespace Platform.ServiceDefaults.Tests.Redis;

/// <summary>The Redis building blocks wired by hand on one connection, for tests that need no HTTP host.</summary>
internal sealed class RedisParts : IAsyncDisposable
{
    private RedisParts(RedisConnection connection, RecordingLoggerFactory logs)
    {
        Connection = connection;
        Logs = logs;
        Cache = new RedisTenantCache(connection, logs.CreateLogger<RedisTenantCache>());
        Events = new RedisTenantEvents(connection, logs.CreateLogger<RedisTenantEvents>());
    }

    public RedisConnection Connection { get; }

    public RecordingLoggerFactory Logs { get; }

    public RedisTenantCache Cache { get; }

    public RedisTenantEvents Events { get; }

    /// <summary>
    /// Options for tests that are not about outages: a generous operation timeout, so a busy test machine never opens a
    /// break that would make a test read past the cache.
    /// </summary>
    public static RedisOptions Options(string keyPrefix) => new() { KeyPrefix = keyPrefix, OperationTimeout = TestRedis.OperationTimeout };

    /// <summary>Connected (waited for) unless <paramref name="waitForConnection"/> is false.</summary>
    public static async Task<RedisParts> ConnectAsync(string connectionString, RedisOptions options, bool waitForConnection = true)
    {
        var logs = new RecordingLoggerFactory();
        var connection = new RedisConnection(connectionString, options, logs.CreateLogger<RedisConnection>());
        connection.StartConnecting();
        if (waitForConnection)
        {
            await Eventually.MatchAsync(() => Task.FromResult(connection.IsAvailable), available => available, what: "Redis connected");
        }

        return new RedisParts(connection, logs);
    }

    /// <summary>
    /// Waits until the service's background connection is up: until then it serves without Redis (not counting
    /// requests, not caching), which a test of what Redis adds must not mistake for a failure.
    /// </summary>
    public static async Task WaitForRedisAsync(ProbeApp probe)
    {
        var connection = probe.App.Services.GetRequiredService<RedisConnection>();
        await Eventually.MatchAsync(() => Task.FromResult(connection.IsAvailable), available => available, what: "service connected to Redis");
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>Keeps what was logged, to count how often an outage is reported.</summary>
internal sealed class RecordingLoggerFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger<T> CreateLogger<T>() => new Logger<T>(this);

    public int Count(LogLevel level, string category) => Entries.Count(entry => entry.Level == level && entry.Category == category);

    private sealed class Logger<T>(RecordingLoggerFactory factory) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Entries.Enqueue((typeof(T).Name, logLevel, formatter(state, exception)));
    }
}
