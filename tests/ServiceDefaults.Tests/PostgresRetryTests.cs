using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Platform.ServiceDefaults.Persistence;
using Platform.TestSupport;

namespace Platform.ServiceDefaults.Tests;

/// <summary>
/// The retry policy against a real server: connections killed by the server (<c>pg_terminate_backend</c>, as a restart
/// or Neon's scale-to-zero does) and connections refused by a cut <see cref="TcpProxy"/>.
/// </summary>
public sealed class PostgresRetryTests : IAsyncLifetime
{
    private static readonly PostgresRetryOptions Quick = new() { FirstDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) };
    private TestDatabase database = null!;
    private NpgsqlDataSource dataSource = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("retry");
        dataSource = database.CreateDataSource();
        await using var create = dataSource.CreateCommand("CREATE TABLE items (id int PRIMARY KEY)");
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task A_unit_of_work_whose_connection_dies_before_commit_runs_again_and_applies_once()
    {
        var attempts = 0;

        await Retry(dataSource).InTransactionAsync(async (work, cancellationToken) =>
        {
            await ExecuteAsync(work, "INSERT INTO items VALUES (1)");
            if (++attempts == 1)
            {
                await TerminateAsync(work.Connection);
                await ExecuteAsync(work, "INSERT INTO items VALUES (2)");
            }

            await work.CommitAsync(cancellationToken);
            return true;
        }, CancellationToken.None);

        Assert.Equal(2, attempts);
        Assert.Equal([1], await IdsAsync());
    }

    [Fact]
    public async Task A_failure_once_commit_was_sent_is_never_retried()
    {
        var attempts = 0;

        var failure = await Assert.ThrowsAnyAsync<NpgsqlException>(() => Retry(dataSource).InTransactionAsync(async (work, cancellationToken) =>
        {
            attempts++;
            await ExecuteAsync(work, "INSERT INTO items VALUES (1)");
            await TerminateAsync(work.Connection);
            await work.CommitAsync(cancellationToken);
            return true;
        }, CancellationToken.None));

        Assert.True(TransientPostgresErrors.IsTransient(failure), failure.ToString());
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task An_error_in_the_request_itself_is_not_retried()
    {
        var attempts = 0;
        await using (var seed = dataSource.CreateCommand("INSERT INTO items VALUES (1)"))
        {
            await seed.ExecuteNonQueryAsync();
        }

        var failure = await Assert.ThrowsAsync<PostgresException>(() => Retry(dataSource).InTransactionAsync(async (work, cancellationToken) =>
        {
            attempts++;
            await ExecuteAsync(work, "INSERT INTO items VALUES (1)");
            await work.CommitAsync(cancellationToken);
            return true;
        }, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, failure.SqlState);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Opening_waits_out_a_refused_server_within_the_budget_and_gives_up_after_it()
    {
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = TcpProxy.Start(server.Host!, server.Port);
        server.Host = "127.0.0.1";
        server.Port = proxy.Port;
        server.Timeout = 2;
        server.Pooling = false;
        await using var proxied = NpgsqlDataSource.Create(server.ConnectionString);

        proxy.Cut();
        // Attempts enough to still be retrying when the server returns: Quick's six would be spent in about 300 ms.
        var patient = new PostgresRetryOptions { FirstDelay = Quick.FirstDelay, MaxDelay = Quick.MaxDelay, MaxAttempts = 100, Budget = TimeSpan.FromSeconds(10) };
        var opening = new PostgresRetry(proxied, patient, NullLogger<PostgresRetry>.Instance).OpenConnectionAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.False(opening.IsCompleted, "the first attempts were refused and are being retried");
        proxy.Restore();
        await using (var connection = await opening)
        {
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            Assert.Equal(1, await ping.ExecuteScalarAsync());
        }

        proxy.Cut();
        var brief = new PostgresRetryOptions { MaxAttempts = 3, FirstDelay = TimeSpan.FromMilliseconds(10), Budget = TimeSpan.FromSeconds(5) };
        var failure = await Assert.ThrowsAnyAsync<NpgsqlException>(() => new PostgresRetry(proxied, brief, NullLogger<PostgresRetry>.Instance).OpenConnectionAsync(CancellationToken.None));
        Assert.True(TransientPostgresErrors.IsTransient(failure), failure.ToString());
    }

    private static PostgresRetry Retry(NpgsqlDataSource source) => new(source, Quick, NullLogger<PostgresRetry>.Instance);

    private static async Task ExecuteAsync(UnitOfWork work, string sql)
    {
        await using var command = new NpgsqlCommand(sql, work.Connection, work.Transaction);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Ends the connection's server process from another session, as a server restart would.</summary>
    private async Task TerminateAsync(NpgsqlConnection victim)
    {
        await using var terminate = dataSource.CreateCommand("SELECT pg_terminate_backend($1)");
        terminate.Parameters.Add(new() { Value = victim.ProcessID });
        await terminate.ExecuteScalarAsync();
    }

    private async Task<List<int>> IdsAsync()
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM items ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<int>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }
}
