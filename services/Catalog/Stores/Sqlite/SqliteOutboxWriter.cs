using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Contracts;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>
/// Writes integration events into the tenant file's own <c>outbox_messages</c> inside the caller's transaction: a
/// SQLite tenant's change and its event are one commit, exactly as in PostgreSQL.
/// </summary>
public sealed class SqliteOutboxWriter(SqliteOutboxSignal signal)
{
    public async Task EnqueueAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        var activity = Activity.Current;
        await using var command = new SqliteCommand("""
            INSERT INTO outbox_messages (id, message_type, payload, trace_parent, trace_state, occurred_at)
            VALUES ($id, $type, $payload, $traceParent, $traceState, $occurredAt)
            """, connection, transaction);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var type = command.Parameters.Add("$type", SqliteType.Text);
        var payload = command.Parameters.Add("$payload", SqliteType.Text);
        command.Parameters.AddWithValue("$traceParent", (object?)activity?.Id ?? DBNull.Value);
        command.Parameters.AddWithValue("$traceState", (object?)activity?.TraceStateString ?? DBNull.Value);
        var occurredAt = command.Parameters.Add("$occurredAt", SqliteType.Integer);
        foreach (var integrationEvent in events)
        {
            id.Value = SqliteValues.Id(integrationEvent.Id);
            type.Value = integrationEvent.GetType().FullName!;
            payload.Value = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), OutboxWriter.Json);
            occurredAt.Value = SqliteValues.Time(integrationEvent.OccurredAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Call after the transaction committed: the relay publishes this tenant's events now.</summary>
    public void NotifyCommitted(Guid tenantId) => signal.Notify(tenantId);
}

/// <summary>The SQLite tenants with events this instance committed and the relay has not published yet.</summary>
public sealed class SqliteOutboxSignal
{
    private readonly ConcurrentDictionary<Guid, byte> dirty = new();
    private readonly SemaphoreSlim wake = new(0, 1);

    public void Notify(Guid tenantId)
    {
        dirty[tenantId] = 0;
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending; one is enough.
        }
    }

    public IReadOnlyList<Guid> TakeDirty()
    {
        var tenants = dirty.Keys.ToList();
        foreach (var tenant in tenants)
        {
            dirty.TryRemove(tenant, out _);
        }

        return tenants;
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => wake.WaitAsync(timeout, cancellationToken);
}
