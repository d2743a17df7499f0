using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows to the broker, each tenant's in sequence order, marking them published in the same
/// transaction that selected them. One relay at a time per module (a transaction-scoped advisory lock, which
/// also holds behind a transaction-pooling proxy). If the broker fails, nothing is marked and the batch is
/// retried with backoff: events are delivered at least once and never lost; the event id is the message id.
/// </summary>
internal sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    OutboxPublisher publisher,
    OutboxOptions options,
    OutboxSignal signal,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly Counter<long> Published = PlatformDiagnostics.Meter.CreateCounter<long>(
        "platform.outbox.published", unit: "{message}", description: "Integration events relayed from the outbox to the broker");

    private static readonly Counter<long> Failures = PlatformDiagnostics.Meter.CreateCounter<long>(
        "platform.outbox.failures", unit: "{batch}", description: "Outbox batches that could not be published and will be retried");

    // Independent of the poll interval: a long poll interval must not slow recovery after a failure.
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    private DateTimeOffset nextCleanup = DateTimeOffset.MinValue;
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            var published = 0;
            try
            {
                published = await RelayBatchAsync(stoppingToken);
                backoff = FirstBackoff;
                await DeleteExpiredAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                Failures.Add(1, new KeyValuePair<string, object?>("schema", options.Schema));
                logger.LogWarning(exception, "Outbox of {Schema} not relayed; retrying in {Backoff}", options.Schema, backoff);
                await publisher.RecycleBusIfStuckAsync(exception, stoppingToken);
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
                continue;
            }

            // A batch smaller than the batch size does not mean the outbox is empty: a tenant with a backlog only
            // gets its share of each batch. Only an empty read waits for the next commit.
            if (published == 0)
            {
                await signal.WaitAsync(options.PollInterval, stoppingToken);
            }
        }
    }

    private async Task<int> RelayBatchAsync(CancellationToken stoppingToken)
    {
        publisher.EnsureConnected();

        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        await using var transaction = await connection.BeginTransactionAsync(stoppingToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.Add(new() { Value = options.Table });
            if (await lockCommand.ExecuteScalarAsync(stoppingToken) is not true)
            {
                return 0;
            }
        }

        var rows = await ReadPendingAsync(connection, transaction, stoppingToken);
        if (rows.Count == 0)
        {
            return 0;
        }

        await publisher.PublishAsync(rows, options.PublishTimeout, stoppingToken);

        await using (var mark = new NpgsqlCommand($"UPDATE {options.Table} SET published_at = now() WHERE sequence = ANY($1)", connection, transaction))
        {
            mark.Parameters.Add(new() { Value = rows.Select(row => row.Sequence).ToArray() });
            await mark.ExecuteNonQueryAsync(stoppingToken);
        }

        await transaction.CommitAsync(stoppingToken);
        Published.Add(rows.Count, new KeyValuePair<string, object?>("schema", options.Schema));
        return rows.Count;
    }

    private async Task<List<OutboxRow>> ReadPendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // The tenants with pending events are found by skipping through the pending index one tenant at a time, and
        // each offers its oldest few: one tenant's backlog fills at most that share of a batch. Rows without a tenant
        // (written before the column existed) are one more stream.
        await using var select = new NpgsqlCommand($"""
            WITH RECURSIVE pending_tenants AS (
                (SELECT tenant_id FROM {options.Table} WHERE published_at IS NULL AND tenant_id IS NOT NULL ORDER BY tenant_id LIMIT 1)
                UNION ALL
                SELECT (SELECT o.tenant_id FROM {options.Table} o
                        WHERE o.published_at IS NULL AND o.tenant_id > t.tenant_id ORDER BY o.tenant_id LIMIT 1)
                FROM pending_tenants t
                WHERE t.tenant_id IS NOT NULL
            ),
            candidates AS (
                SELECT e.* FROM pending_tenants t CROSS JOIN LATERAL (
                    SELECT sequence, id, message_type, payload, trace_parent, trace_state FROM {options.Table} o
                    WHERE o.published_at IS NULL AND o.tenant_id = t.tenant_id ORDER BY o.sequence LIMIT $2) e
                UNION ALL
                (SELECT sequence, id, message_type, payload, trace_parent, trace_state FROM {options.Table}
                 WHERE published_at IS NULL AND tenant_id IS NULL ORDER BY sequence LIMIT $2)
            )
            SELECT sequence, id, message_type, payload::text, trace_parent, trace_state
            FROM candidates
            ORDER BY sequence
            LIMIT $1
            """, connection, transaction);
        select.Parameters.Add(new() { Value = options.BatchSize });
        select.Parameters.Add(new() { Value = Math.Max(1, options.BatchSize / 4) });

        var rows = new List<OutboxRow>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxRow(
                reader.GetInt64(0),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return rows;
    }

    private async Task DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow < nextCleanup)
        {
            return;
        }

        nextCleanup = DateTimeOffset.UtcNow + options.CleanupInterval;
        await using var delete = dataSource.CreateCommand($"DELETE FROM {options.Table} WHERE published_at < now() - $1");
        delete.Parameters.Add(new() { Value = options.Retention });
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} published outbox rows of {Schema} older than {Retention}", deleted, options.Schema, options.Retention);
        }
    }

}
