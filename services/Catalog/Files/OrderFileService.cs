using Platform.Catalog.Stores;
using Platform.ServiceDefaults.ObjectStorage;

namespace Platform.Catalog.Files;

/// <summary>
/// A service order's files in the private bucket: the customer's attachments, uploaded through presigned PUTs and
/// recorded once confirmed, and the invoice generated on confirmation. Both are read through short-lived presigned GETs.
/// </summary>
public sealed class OrderFileService(TenantStores stores, IObjectStorage storage, ObjectStorageOptions options, TimeProvider clock)
{
    public const int MaxFileNameLength = 255;

    private static readonly UploadKind Kind = UploadKind.OrderAttachment;

    public async Task<Outcome<IssuedUpload>> IssueUploadAsync(Guid tenantId, Guid orderId, UploadRequest request, CancellationToken cancellationToken)
    {
        if (await OrderStoreAsync(tenantId, orderId, cancellationToken) is null)
        {
            return new Outcome<IssuedUpload>.NotFound();
        }

        return Kind.TryAccept(request, out var contentType, out var size, out var errors)
            ? StoredUploads.Issue(storage, options.PrivateBucket, FileKeys.OrderAttachmentsPrefix(tenantId, orderId), Kind, contentType, size)
            : new Outcome<IssuedUpload>.Invalid(errors);
    }

    public async Task<Outcome<OrderAttachment>> ConfirmAsync(Guid tenantId, Guid orderId, string? key, string? fileName, CancellationToken cancellationToken)
    {
        if (await OrderStoreAsync(tenantId, orderId, cancellationToken) is not { } store)
        {
            return new Outcome<OrderAttachment>.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        var prefix = FileKeys.OrderAttachmentsPrefix(tenantId, orderId);
        if (!FileKeys.IsUpload(key, prefix, Kind))
        {
            errors["key"] = [$"The key is one issued by this order's upload endpoint (under '{prefix}')."];
        }

        var name = fileName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxFileNameLength || name.Any(c => char.IsControl(c) || c is '/' or '\\'))
        {
            errors["fileName"] = [$"The file's name, 1 to {MaxFileNameLength} characters, without '/', '\\' or control characters."];
        }

        if (errors.Count > 0)
        {
            return new Outcome<OrderAttachment>.Invalid(errors);
        }

        var uploaded = key!;
        var (stored, refused) = await StoredUploads.CheckAsync(storage, options.PrivateBucket, uploaded, Kind, cancellationToken);
        if (stored is null)
        {
            return new Outcome<OrderAttachment>.Invalid(refused);
        }

        var attachment = new OrderAttachment(Guid.CreateVersion7(), orderId, uploaded, name!, Kind.ContentTypeOf[uploaded[(uploaded.LastIndexOf('.') + 1)..]],
            stored.Size, ServiceDefaults.Persistence.PostgresTime.Truncate(clock.GetUtcNow()));
        return await store.Files.AddAttachmentAsync(attachment, cancellationToken) is { } recorded ? recorded : new Outcome<OrderAttachment>.NotFound();
    }

    /// <summary>The order's attachments, oldest first; null when the shop has no such order.</summary>
    public async Task<IReadOnlyList<OrderAttachment>?> ListAsync(Guid tenantId, Guid orderId, CancellationToken cancellationToken) =>
        await OrderStoreAsync(tenantId, orderId, cancellationToken) is { } store ? await store.Files.ListAttachmentsAsync(orderId, cancellationToken) : null;

    /// <summary>
    /// The order's invoice with a presigned download; <see cref="Outcome{T}.NotFound"/> when there is no such order, a
    /// success holding null while it has no invoice (yet).
    /// </summary>
    public async Task<Outcome<(Invoice Invoice, PresignedDownload Download)?>> FindInvoiceAsync(Guid tenantId, Guid orderId, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        if (await store.Orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return new Outcome<(Invoice, PresignedDownload)?>.NotFound();
        }

        return await store.Files.FindInvoiceAsync(orderId, cancellationToken) is { } invoice
            ? (invoice, storage.PresignDownload(options.PrivateBucket, invoice.Key, StoredUploads.DownloadUrlLifetime, $"invoice-{order.Number}.html"))
            : new Outcome<(Invoice, PresignedDownload)?>.Success(null);
    }

    public PresignedDownload Download(OrderAttachment attachment) =>
        storage.PresignDownload(options.PrivateBucket, attachment.Key, StoredUploads.DownloadUrlLifetime, attachment.FileName);

    private async Task<ICatalogStore?> OrderStoreAsync(Guid tenantId, Guid orderId, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        return await store.Orders.FindAsync(orderId, cancellationToken) is null ? null : store;
    }
}
