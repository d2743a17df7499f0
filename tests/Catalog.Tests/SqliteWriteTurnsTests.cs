using Platform.Catalog.Stores.Sqlite;

namespace Platform.Catalog.Tests;

/// <summary>The in-process write turns of a tenant's SQLite file; the stores' concurrency tests cover them through the API.</summary>
public sealed class SqliteWriteTurnsTests
{
    private static readonly Guid Tenant = Guid.NewGuid();

    [Fact]
    public async Task A_second_writer_waits_until_the_first_passes_the_turn_on()
    {
        var turns = new SqliteWriteTurns(TimeSpan.FromSeconds(30));
        var first = turns.Take(Tenant, CancellationToken.None);

        var second = Task.Run(() => turns.Take(Tenant, CancellationToken.None));
        await Task.Delay(200);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public void Other_tenants_files_have_turns_of_their_own()
    {
        var turns = new SqliteWriteTurns(TimeSpan.FromMilliseconds(100));
        using var first = turns.Take(Tenant, CancellationToken.None);

        // Would time out if the files shared one turn.
        using var other = turns.Take(Guid.NewGuid(), CancellationToken.None);
    }

    [Fact]
    public void A_writer_that_waits_past_the_timeout_fails_and_the_turn_is_not_lost()
    {
        var turns = new SqliteWriteTurns(TimeSpan.FromMilliseconds(100));
        var first = turns.Take(Tenant, CancellationToken.None);

        Assert.Throws<TimeoutException>(() => turns.Take(Tenant, CancellationToken.None));

        first.Dispose();
        turns.Take(Tenant, CancellationToken.None).Dispose();
    }

    [Fact]
    public void A_turn_passed_on_twice_still_admits_one_writer_at_a_time()
    {
        var turns = new SqliteWriteTurns(TimeSpan.FromMilliseconds(100));
        var first = turns.Take(Tenant, CancellationToken.None);
        first.Dispose();
        first.Dispose();

        using var second = turns.Take(Tenant, CancellationToken.None);
        Assert.Throws<TimeoutException>(() => turns.Take(Tenant, CancellationToken.None));
    }

    [Fact]
    public void A_cancelled_wait_stops_waiting()
    {
        var turns = new SqliteWriteTurns(TimeSpan.FromSeconds(30));
        using var first = turns.Take(Tenant, CancellationToken.None);
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.ThrowsAny<OperationCanceledException>(() => turns.Take(Tenant, cancelled.Token));
    }
}
