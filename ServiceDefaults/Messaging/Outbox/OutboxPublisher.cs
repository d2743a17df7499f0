using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>One stored integration event, as every outbox (PostgreSQL or a tenant's SQLite file) keeps it.</summary>
public sealed record OutboxRow(long Sequence, Guid Id, string MessageType, string Payload, string? TraceParent, string? TraceState);

/// <summary>
/// Publishes stored outbox rows to the broker: the event id becomes the message id and the trace of the request that
/// committed the event continues. Shared by every relay so that they all handle a broken bus alike.
/// </summary>
public sealed class OutboxPublisher(IBusControl bus, OutboxEventTypes eventTypes, OutboxOptions options, ILogger<OutboxPublisher> logger)
{
    private readonly SemaphoreSlim restarting = new(1, 1);
    private int stuckPublishes;

    /// <summary>Throws when the bus is disconnected, so a relay backs off instead of waiting on every row.</summary>
    public void EnsureConnected()
    {
        // Degraded (a receive endpoint down) still publishes; only a disconnected bus is waited for.
        var health = bus.CheckHealth();
        if (health.Status == BusHealthStatus.Unhealthy)
        {
            throw new BrokerUnavailableException($"The bus is not connected to the broker ({health.Description}).");
        }
    }

    /// <summary>
    /// Publishes <paramref name="rows"/> within <paramref name="timeout"/>: each tenant's events one after the other,
    /// in the order given, each waiting for the broker's confirm before the next. MassTransit does not promise that
    /// concurrent publishes reach the channel in call order, so events that must stay ordered are never in flight
    /// together. Different tenants' events are independent streams, so they are published side by side: one
    /// confirm round trip per event would otherwise cap a whole outbox at a few hundred events a second.
    /// </summary>
    public async Task PublishAsync(IReadOnlyList<OutboxRow> rows, TimeSpan timeout, CancellationToken stoppingToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var streams = new Dictionary<Guid, List<(OutboxRow Row, object Message, Type Type)>>();
        foreach (var row in rows)
        {
            var messageType = eventTypes.Resolve(row.MessageType);
            var message = JsonSerializer.Deserialize(row.Payload, messageType, OutboxWriter.Json)!;
            var tenant = message is IIntegrationEvent integrationEvent ? integrationEvent.TenantId : Guid.Empty;
            if (!streams.TryGetValue(tenant, out var stream))
            {
                streams[tenant] = stream = [];
            }

            stream.Add((row, message, messageType));
        }

        await Task.WhenAll(streams.Values.Select(async stream =>
        {
            foreach (var (row, message, messageType) in stream)
            {
                await PublishAsync(row, message, messageType, deadline - DateTimeOffset.UtcNow, stoppingToken);
            }
        }));
    }

    private async Task PublishAsync(OutboxRow row, object message, Type messageType, TimeSpan timeLeft, CancellationToken stoppingToken)
    {
        // Continue the trace of the request that committed the event, so the consumers join it too.
        ActivityContext.TryParse(row.TraceParent, row.TraceState, out var parent);
        using var activity = PlatformDiagnostics.ActivitySource.StartActivity(
            $"outbox relay {messageType.Name}", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", row.Id);

        // The publish itself is never cancelled: cancelling a confirmed publish breaks the channel for good in
        // RabbitMQ.Client 7.1 (rabbitmq-dotnet-client#1900). The relay stops waiting instead and retries the batch;
        // a publish that still lands later is a duplicate, which at-least-once consumers absorb.
        await bus.Publish(message, messageType, context => context.MessageId = row.Id, stoppingToken)
            .WaitAsync(timeLeft > TimeSpan.Zero ? timeLeft : TimeSpan.Zero, stoppingToken);
    }

    /// <summary>
    /// RabbitMQ.Client 7.1 can leave a publishing channel broken when the connection drops mid-publish
    /// (rabbitmq-dotnet-client#1900 and kin): the bus reconnects and reports healthy, yet every publish on that channel
    /// fails or hangs. Restarting the bus rebuilds its channels; pending events stay in their outbox meanwhile.
    /// </summary>
    public async Task RecycleBusIfStuckAsync(Exception failure, CancellationToken stoppingToken)
    {
        // Only a bus whose every endpoint is connected counts: while the broker is away the endpoints reconnect, and
        // MassTransit 8.4 cannot start a bus again that was stopped with an endpoint caught between states.
        var stuck = failure is TimeoutException or ObjectDisposedException && bus.CheckHealth().Status == BusHealthStatus.Healthy;
        if (!stuck)
        {
            Interlocked.Exchange(ref stuckPublishes, 0);
            return;
        }

        if (Interlocked.Increment(ref stuckPublishes) < 3)
        {
            return;
        }

        Interlocked.Exchange(ref stuckPublishes, 0);
        logger.LogWarning("Publishing keeps failing on a connected bus; restarting the bus to rebuild its channels");
        await RestartBusAsync(stoppingToken);
    }

    /// <summary>
    /// Stops the bus and starts it again. The start waits for the broker for as long as it takes, as at start-up: in
    /// MassTransit 8.4 a start given up part-way leaves the receive endpoints stopped for good, and a later start reports
    /// the bus started while it never connects again.
    /// </summary>
    public async Task RestartBusAsync(CancellationToken stoppingToken)
    {
        // The module's relay and the SQLite relay share this bus; one restart at a time.
        await restarting.WaitAsync(stoppingToken);
        try
        {
            await StopBusAsync(stoppingToken);

            // MassTransit gives a start without a token only 60 s; a linked token is never "no token".
            using var untilStopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await bus.StartAsync(untilStopping.Token);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Starting the bus again failed; the outbox keeps its events");
        }
        finally
        {
            restarting.Release();
        }
    }

    private async Task StopBusAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(options.BusStopTimeout);
            await bus.StopAsync(timeout.Token);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // The start is tried regardless: a bus left stopped would serve nobody.
            logger.LogWarning(exception, "Stopping the bus failed; starting it anyway");
        }
    }

    private sealed class BrokerUnavailableException(string message) : Exception(message);
}
