using MassTransit;
using Platform.Contracts.Catalog;

namespace Platform.Catalog.Files;

/// <summary>Catalog listens to its own OrderConfirmed, relayed from the outbox after the confirmation committed.</summary>
public sealed class InvoiceConsumer(InvoiceGenerator invoices) : IConsumer<OrderConfirmed>
{
    public Task Consume(ConsumeContext<OrderConfirmed> context) => invoices.GenerateAsync(context.Message, context.CancellationToken);
}
