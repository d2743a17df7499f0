using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Platform.Contracts;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Writes integration events into the module's <c>outbox_messages</c> table inside the caller's transaction,
/// so an event exists exactly when the change it describes was committed. The current trace is kept with it
/// so the relay's publish, and every consumer, continue the trace of the request that caused the change.
/// </summary>
public sealed class OutboxWriter(OutboxOptions options, OutboxSignal signal)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task EnqueueAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IEnumerable<IIntegrationEvent> events,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in CommandsFor(events))
        {
            batch.BatchCommands.Add(command);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The inserts for <paramref name="events"/>, for a caller that sends them in a batch of its own (one round trip).</summary>
    public IEnumerable<NpgsqlBatchCommand> CommandsFor(IEnumerable<IIntegrationEvent> events)
    {
        var activity = Activity.Current;
        foreach (var integrationEvent in events)
        {
            var command = new NpgsqlBatchCommand($"""
                INSERT INTO {options.Table} (id, message_type, payload, trace_parent, trace_state, occurred_at, tenant_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """);
            command.Parameters.Add(new() { Value = integrationEvent.Id });
            command.Parameters.Add(new() { Value = integrationEvent.GetType().FullName! });
            command.Parameters.Add(new() { Value = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
            command.Parameters.Add(new() { Value = (object?)activity?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = (object?)activity?.TraceStateString ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = integrationEvent.OccurredAt });
            command.Parameters.Add(new() { Value = integrationEvent.TenantId });
            yield return command;
        }
    }

    /// <summary>Call after the transaction committed: the relay publishes now instead of at its next poll.</summary>
    public void NotifyCommitted() => signal.Notify();
}
