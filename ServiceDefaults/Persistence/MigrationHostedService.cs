using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Platform.ServiceDefaults.Persistence;

public sealed class MigrationOptions
{
    /// <summary>How long start-up waits for the database to answer before the service gives up.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Runs before the server accepts requests. A database that is still starting is waited for with backoff;
/// one that stays unreachable stops the service with a message naming it, instead of a half-working service.
/// </summary>
internal sealed class MigrationHostedService(
    PostgresMigrator migrator,
    NpgsqlDataSource dataSource,
    IOptions<MigrationOptions> options,
    ILogger<MigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.Value.StartupTimeout;
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException exception) when (exception.IsTransient && DateTimeOffset.UtcNow + delay < deadline)
            {
                logger.LogWarning("Database not reachable yet (attempt {Attempt}): {Reason}", attempt, exception.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (NpgsqlException exception) when (exception.IsTransient)
            {
                var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
                throw new InvalidOperationException(
                    $"PostgreSQL database '{target.Database}' at {target.Host}:{target.Port} did not answer within " +
                    $"{options.Value.StartupTimeout.TotalSeconds:0} s: {exception.Message}", exception);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
