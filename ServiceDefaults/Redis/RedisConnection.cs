using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Telemetry;
using StackExchange.Redis;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// The service's one Redis connection and the rule every use of it follows: Redis speeds the platform up but is never
/// needed to answer. The connection is made in the background (a service starts while Redis is down) and is remade by
/// StackExchange.Redis after an outage. A call that fails or outlasts <see cref="RedisOptions.OperationTimeout"/> opens
/// a short break (<see cref="RedisOptions.BreakDuration"/>) during which calls skip Redis without trying, so a dead or
/// hung Redis costs requests nothing beyond the first timeout. An outage is logged once when it starts and once when it ends.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private static readonly Counter<long> Bypassed = PlatformDiagnostics.Meter.CreateCounter<long>(
        "platform.redis.bypassed", unit: "{call}", description: "Redis calls skipped or failed; the caller carried on without Redis");

    private readonly ConfigurationOptions configuration;
    private readonly ILogger<RedisConnection> logger;
    private readonly Lock gate = new();
    private Task<ConnectionMultiplexer>? connecting;
    private long brokenUntil;
    private int inOutage;
    private bool disposed;

    public RedisConnection(string connectionString, RedisOptions options, ILogger<RedisConnection> logger)
    {
        Options = options;
        this.logger = logger;
        configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.ReconnectRetryPolicy = new LinearRetry(1000);
        // CLIENT SETNAME refuses spaces; the name only helps an operator reading CLIENT LIST.
        configuration.ClientName ??= string.Join('-', options.KeyPrefix.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    public RedisOptions Options { get; }

    public string KeyPrefix => Options.KeyPrefix;

    /// <summary>The connected multiplexer, or null while the first connection attempt is under way; never waits.</summary>
    public ConnectionMultiplexer? Multiplexer => !Volatile.Read(ref disposed) && Connecting() is { IsCompletedSuccessfully: true } task ? task.Result : null;

    /// <summary>True while Redis answers and no break is open.</summary>
    public bool IsAvailable => !IsBroken && Multiplexer is { IsConnected: true };

    private bool IsBroken => Environment.TickCount64 < Volatile.Read(ref brokenUntil);

    /// <summary>Starts the first connection attempt without waiting for it.</summary>
    public void StartConnecting() => _ = Connecting();

    /// <summary>
    /// Waits for the first connection attempt (at most the connect timeout; the multiplexer it returns may still be
    /// disconnected and reconnects by itself): for long-lived uses such as subscriptions, never for a request's call.
    /// </summary>
    public Task<ConnectionMultiplexer> GetMultiplexerAsync(CancellationToken cancellationToken) => Connecting().WaitAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="command"/> unless Redis is known to be unavailable, within the operation timeout. Never throws
    /// for Redis being down, slow or refusing; the caller reads <see cref="RedisAttempt{T}.Succeeded"/> and carries on
    /// without Redis. Only the caller's own cancellation throws.
    /// </summary>
    public async Task<RedisAttempt<T>> TryAsync<T>(string operation, Func<IDatabase, Task<T>> command, CancellationToken cancellationToken = default)
    {
        if (IsBroken)
        {
            Bypassed.Add(1, new KeyValuePair<string, object?>("operation", operation));
            return default;
        }

        if (Multiplexer is not { IsConnected: true } multiplexer)
        {
            // Still connecting at start-up is not an outage; a multiplexer that lost its server is.
            if (Multiplexer is not null)
            {
                Fail(operation, null);
            }

            Bypassed.Add(1, new KeyValuePair<string, object?>("operation", operation));
            return default;
        }

        Task<T>? pending = null;
        try
        {
            pending = command(multiplexer.GetDatabase());
            var value = await pending.WaitAsync(Options.OperationTimeout, cancellationToken);
            Recover();
            return new RedisAttempt<T>(true, value);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            if (pending is { IsCompleted: false })
            {
                // The abandoned command still completes (or fails) later; observe it so it is not reported as unobserved.
                _ = pending.ContinueWith(static task => _ = task.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            }

            Fail(operation, exception);
            Bypassed.Add(1, new KeyValuePair<string, object?>("operation", operation));
            return default;
        }
    }

    private Task<ConnectionMultiplexer> Connecting()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (connecting is null || connecting.IsFaulted)
            {
                connecting = Task.Run(ConnectAsync);
            }

            return connecting;
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(configuration);
        }
        catch (Exception exception)
        {
            // With AbortOnConnectFail off this only happens for a configuration Redis can never accept; the next use retries.
            logger.LogError(exception, "Redis connection to {Endpoints} could not be created", Endpoints);
            Fail("connect", exception);
            throw;
        }
    }

    private string Endpoints => string.Join(",", configuration.EndPoints);

    private void Fail(string operation, Exception? exception)
    {
        Volatile.Write(ref brokenUntil, Environment.TickCount64 + (long)Options.BreakDuration.TotalMilliseconds);
        if (Interlocked.Exchange(ref inOutage, 1) == 0)
        {
            logger.LogWarning(exception, "Redis at {Endpoints} unavailable ({Operation}); serving without it, trying again every {Break}",
                Endpoints, operation, Options.BreakDuration);
        }
    }

    private void Recover()
    {
        if (Interlocked.Exchange(ref inOutage, 0) == 1)
        {
            logger.LogInformation("Redis at {Endpoints} answers again", Endpoints);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>? connection;
        lock (gate)
        {
            disposed = true;
            connection = connecting;
        }

        if (connection is not null)
        {
            try
            {
                var multiplexer = await connection;
                // Close(true), which Dispose does, waits a whole sync timeout for QUIT replies in 1.2.6; nothing we send needs them.
                multiplexer.Close(allowCommandsToComplete: false);
                multiplexer.Dispose();
            }
            catch (Exception exception) when (exception is RedisException or InvalidOperationException or ArgumentException)
            {
                // Nothing was connected; nothing to close.
            }
        }
    }
}

/// <summary>The outcome of <see cref="RedisConnection.TryAsync{T}"/>: the default value means Redis was not used.</summary>
public readonly record struct RedisAttempt<T>(bool Succeeded, T? Value);
