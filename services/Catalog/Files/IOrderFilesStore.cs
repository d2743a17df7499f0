namespace Platform.Catalog.Files;

/// <summary>One tenant's records of the files its orders have in object storage.</summary>
public interface IOrderFilesStore
{
    /// <summary>
    /// Records the attachment unless its key is recorded already (a confirmation sent twice), and returns the recorded
    /// one; null when the order does not exist.
    /// </summary>
    Task<OrderAttachment?> AddAttachmentAsync(OrderAttachment attachment, CancellationToken cancellationToken);

    /// <summary>The order's attachments, oldest first.</summary>
    Task<IReadOnlyList<OrderAttachment>> ListAttachmentsAsync(Guid orderId, CancellationToken cancellationToken);

    Task<Invoice?> FindInvoiceAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Records the order's invoice once; false when it was recorded already (or the order does not exist).</summary>
    Task<bool> RecordInvoiceAsync(Invoice invoice, CancellationToken cancellationToken);
}
