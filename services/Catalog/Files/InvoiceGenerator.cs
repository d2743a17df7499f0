using Platform.Catalog.Stores;
using Platform.Contracts.Catalog;
using Platform.ServiceDefaults.ObjectStorage;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Catalog.Files;

/// <summary>
/// Writes a confirmed order's invoice to the private bucket and records it, once. Runs from the OrderConfirmed event, so
/// the confirmation's transaction never waits for object storage, and a failure is retried from the event (then parked
/// in the consumer's error queue) instead of lost. Idempotent: the key is the order's, the document the same bytes,
/// and the row is written once.
/// </summary>
public sealed class InvoiceGenerator(TenantStores stores, IObjectStorage storage, ObjectStorageOptions options, ILogger<InvoiceGenerator> logger)
{
    public async Task GenerateAsync(OrderConfirmed confirmed, CancellationToken cancellationToken)
    {
        // The shop may have been suspended since; the order was confirmed while it operated and gets its invoice.
        var store = await stores.OpenForOperatorAsync(confirmed.TenantId, cancellationToken);
        if (await store.Files.FindInvoiceAsync(confirmed.OrderId, cancellationToken) is not null)
        {
            return;
        }

        if (await store.Orders.FindAsync(confirmed.OrderId, cancellationToken) is not { } order)
        {
            logger.LogWarning("Order {OrderId} of tenant {TenantId} was confirmed but is not in its store; no invoice", confirmed.OrderId, confirmed.TenantId);
            return;
        }

        var document = InvoiceDocument.Render(order, confirmed.OccurredAt);
        var key = FileKeys.Invoice(confirmed.TenantId, confirmed.OrderId);
        await storage.PutAsync(options.PrivateBucket, key, document, InvoiceDocument.ContentType, cancellationToken);
        var invoice = new Invoice(confirmed.OrderId, key, InvoiceDocument.ContentType, document.Length, PostgresTime.Truncate(confirmed.OccurredAt));
        if (await store.Files.RecordInvoiceAsync(invoice, cancellationToken))
        {
            logger.LogInformation("Invoice of order {OrderNumber} ({OrderId}) stored for tenant {TenantId}", order.Number, order.Id, confirmed.TenantId);
        }
    }
}
