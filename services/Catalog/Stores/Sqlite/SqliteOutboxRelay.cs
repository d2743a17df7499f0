using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>
/// Publishes the SQLite tenants' outboxes in each file's commit order. Tenants this instance wrote to are relayed at
/// once; every SQLite tenant is swept now and then, which finds events left by a crash or by another instance. A row
/// is marked published only after the broker confirmed it: at least once, never lost. Instances sharing a data folder
/// take turns per file through a lease kept in the file, so each row is published once and in order. Several files are
/// relayed side by side, each for a bounded turn, so one shop's backlog delays no other shop's events.
/// </summary>
public sealed class SqliteOutboxRelay(
    SqliteOutboxSignal signal,
    SqliteTenantDatabases databases,
    IServiceScopeFactory scopes,
    OutboxPublisher publisher,
    OutboxOptions options,
    ILogger<SqliteOutboxRelay> logger) : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    /// <summary>Files relayed side by side: each waits on broker confirms, so one at a time would cap every tenant together.</summary>
    public const int FilesAtOnce = 8;

    /// <summary>Batches one file may relay before the others get their turn, so a tenant's backlog cannot hold them back.</summary>
    public const int BatchesPerTurn = 10;

    private const int CleanupChunk = 5000;

    private readonly string holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> nextCleanup = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = new HashSet<Guid>();
        var nextSweep = DateTimeOffset.MinValue;
        var backoff = options.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (DateTimeOffset.UtcNow >= nextSweep)
                {
                    pending.UnionWith(await SqliteTenantsAsync(stoppingToken));
                    nextSweep = DateTimeOffset.UtcNow + SweepInterval;
                }

                pending.UnionWith(signal.TakeDirty());
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not list the SQLite tenants; sweeping again later");
            }

            var drained = new ConcurrentBag<Guid>();
            Exception? failure = null;
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = FilesAtOnce }, async (tenantId, _) =>
            {
                try
                {
                    if (await RelayTurnAsync(tenantId, stoppingToken))
                    {
                        drained.Add(tenantId);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // One tenant's trouble (a broker outage, a locked file) must not hold back the others.
                    logger.LogWarning(exception, "Outbox of SQLite tenant {TenantId} not relayed; retrying in {Backoff}", tenantId, backoff);
                    failure = exception;
                }
            });
            pending.ExceptWith(drained);

            if (failure is null)
            {
                backoff = options.PollInterval;
                if (pending.Count == 0)
                {
                    await signal.WaitAsync(options.PollInterval, stoppingToken);
                }

                continue;
            }

            await publisher.RecycleBusIfStuckAsync(failure, stoppingToken);
            await Task.Delay(backoff, stoppingToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
        }
    }

    private async Task<IEnumerable<Guid>> SqliteTenantsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ITenantRegistry>();
        return (await registry.ListAsync(StoreKind.Sqlite, cancellationToken)).Select(tenant => tenant.TenantId);
    }

    /// <summary>Relays up to <see cref="BatchesPerTurn"/> batches of the file; true when nothing is left pending.</summary>
    private async Task<bool> RelayTurnAsync(Guid tenantId, CancellationToken stoppingToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, stoppingToken);
        var leased = false;
        try
        {
            for (var batch = 0; batch < BatchesPerTurn; batch++)
            {
                var rows = await ReadPendingAsync(connection, stoppingToken);
                if (rows.Count > 0)
                {
                    publisher.EnsureConnected();
                    leased = await TakeLeaseAsync(tenantId, connection, stoppingToken);
                    if (!leased)
                    {
                        throw new InvalidOperationException("Another instance is relaying this file's outbox; trying again shortly.");
                    }

                    // Read again under the lease: the other holder may have published some of them meanwhile.
                    rows = await ReadPendingAsync(connection, stoppingToken);
                }

                if (rows.Count > 0)
                {
                    await publisher.PublishAsync(rows, options.PublishTimeout, stoppingToken);
                    await MarkPublishedAsync(tenantId, connection, rows, stoppingToken);
                }

                if (rows.Count < options.BatchSize)
                {
                    await DeleteExpiredIfDueAsync(tenantId, connection, stoppingToken);
                    return true;
                }
            }

            return false;
        }
        finally
        {
            if (leased)
            {
                await ReleaseLeaseAsync(tenantId, connection);
            }
        }
    }

    /// <summary>Takes or renews the file's relay lease; one statement, so SQLite makes it atomic across processes.</summary>
    private async Task<bool> TakeLeaseAsync(Guid tenantId, SqliteConnection connection, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        await using var take = new SqliteCommand("""
            INSERT INTO outbox_lease (id, holder, expires_at) VALUES (1, $holder, $expires)
            ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE outbox_lease.holder = excluded.holder OR outbox_lease.expires_at < $now
            """, connection);
        take.Parameters.AddWithValue("$holder", holder);
        take.Parameters.AddWithValue("$expires", SqliteValues.Time(now + options.PublishTimeout * 3));
        take.Parameters.AddWithValue("$now", SqliteValues.Time(now));
        return await databases.ExecuteWriteAsync(tenantId, take, cancellationToken) == 1;
    }

    private async Task ReleaseLeaseAsync(Guid tenantId, SqliteConnection connection)
    {
        await using var release = new SqliteCommand("DELETE FROM outbox_lease WHERE holder = $holder", connection);
        release.Parameters.AddWithValue("$holder", holder);
        await databases.ExecuteWriteAsync(tenantId, release, CancellationToken.None);
    }

    private async Task<List<OutboxRow>> ReadPendingAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var select = new SqliteCommand("""
            SELECT sequence, id, message_type, payload, trace_parent, trace_state
            FROM outbox_messages WHERE published_at IS NULL ORDER BY sequence LIMIT $limit
            """, connection);
        select.Parameters.AddWithValue("$limit", options.BatchSize);
        var rows = new List<OutboxRow>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxRow(
                reader.GetInt64(0),
                Guid.Parse(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return rows;
    }

    /// <summary>A range is exact here: SQLite has one writer, so sequences commit in order and none can appear inside it later.</summary>
    private async Task MarkPublishedAsync(Guid tenantId, SqliteConnection connection, List<OutboxRow> rows, CancellationToken cancellationToken)
    {
        await using var mark = new SqliteCommand(
            "UPDATE outbox_messages SET published_at = $now WHERE sequence BETWEEN $first AND $last AND published_at IS NULL", connection);
        mark.Parameters.AddWithValue("$now", SqliteValues.Time(DateTimeOffset.UtcNow));
        mark.Parameters.AddWithValue("$first", rows[0].Sequence);
        mark.Parameters.AddWithValue("$last", rows[^1].Sequence);
        await databases.ExecuteWriteAsync(tenantId, mark, cancellationToken);
    }

    /// <summary>
    /// Deletes the published rows past retention, once per <see cref="OutboxOptions.CleanupInterval"/> per file and in
    /// chunks, each in its own write turn, so that a large clean-up does not hold the file's writers back.
    /// </summary>
    private async Task DeleteExpiredIfDueAsync(Guid tenantId, SqliteConnection connection, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (nextCleanup.TryGetValue(tenantId, out var due) && now < due)
        {
            return;
        }

        nextCleanup[tenantId] = now + options.CleanupInterval;
        await using var delete = new SqliteCommand("""
            DELETE FROM outbox_messages WHERE sequence IN (
                SELECT sequence FROM outbox_messages WHERE published_at < $before LIMIT $chunk)
            """, connection);
        delete.Parameters.AddWithValue("$before", SqliteValues.Time(now - options.Retention));
        delete.Parameters.AddWithValue("$chunk", CleanupChunk);
        int deleted;
        do
        {
            deleted = await databases.ExecuteWriteAsync(tenantId, delete, cancellationToken);
        }
        while (deleted == CleanupChunk);
    }
}
