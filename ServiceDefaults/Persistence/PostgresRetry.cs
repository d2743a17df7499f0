using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Persistence;

/// <summary>
/// Retries database work only where repeating it cannot apply a change twice: opening a connection, reads, and whole
/// transactions that failed before their COMMIT was sent. A failure once COMMIT is on the wire is ambiguous (it may have
/// committed) and is never retried. Waits grow exponentially with jitter, within <see cref="PostgresRetryOptions"/>.
/// </summary>
public sealed class PostgresRetry(NpgsqlDataSource dataSource, PostgresRetryOptions options, ILogger<PostgresRetry> logger)
{
    /// <summary>An open connection; only opening is retried, so what the caller then sends runs at most once.</summary>
    public Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        RunAsync(_ => true, token => dataSource.OpenConnectionAsync(token).AsTask(), cancellationToken);

    /// <summary>Work that changes nothing (or nothing twice): the whole of it is retried.</summary>
    public Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        RunAsync(_ => true, read, cancellationToken);

    /// <summary>
    /// A unit of work in one transaction on a connection of its own. It commits through
    /// <see cref="UnitOfWork.CommitAsync"/>; returning without committing rolls back. Retried as a whole while it has
    /// not sent its COMMIT.
    /// </summary>
    public Task<T> InTransactionAsync<T>(Func<UnitOfWork, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        UnitOfWork? current = null;
        return RunAsync(_ => current is not { CommitSent: true }, async token =>
        {
            current = null;
            await using var connection = await dataSource.OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            current = new UnitOfWork(connection, transaction);
            return await work(current, token);
        }, cancellationToken);
    }

    private async Task<T> RunAsync<T>(Func<Exception, bool> repeatable, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var delay = options.FirstDelay;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (Exception exception) when (
                !cancellationToken.IsCancellationRequested &&
                TransientPostgresErrors.IsTransient(exception) &&
                repeatable(exception) &&
                number < options.MaxAttempts &&
                Stopwatch.GetElapsedTime(started) + delay < options.Budget)
            {
                // Full jitter: instances that lost the database together do not come back in step.
                var wait = TimeSpan.FromTicks((long)(delay.Ticks * (0.5 + Random.Shared.NextDouble() / 2)));
                logger.LogWarning("Database work failed transiently (attempt {Attempt}), retrying in {Delay} ms: {Reason}",
                    number, (int)wait.TotalMilliseconds, exception.Message);

                // Idle connections to a server that went away are broken too; open fresh ones.
                dataSource.Clear();
                await Task.Delay(wait, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxDelay.Ticks));
            }
        }
    }
}

/// <summary>One attempt at a transactional unit of work.</summary>
public sealed class UnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    /// <summary>From here on a failure is ambiguous: the transaction may have committed.</summary>
    public bool CommitSent { get; private set; }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        CommitSent = true;
        return Transaction.CommitAsync(cancellationToken);
    }
}
