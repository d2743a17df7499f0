using System.Diagnostics.CodeAnalysis;
using Platform.Catalog.Products;

namespace Platform.Catalog.Files;

/// <summary>
/// Where each file lives in object storage. Every key starts with the tenant's prefix (<c>tenants/{tenant-id}/</c>),
/// then the resource it belongs to; uploaded files get a random name, so a key cannot be guessed from another.
/// </summary>
public static class FileKeys
{
    public static string ProductImagesPrefix(Guid tenantId, Guid productId) => $"{ProductRules.KeyPrefix(tenantId)}products/{productId:D}/";

    public static string OrderAttachmentsPrefix(Guid tenantId, Guid orderId) => $"{ProductRules.KeyPrefix(tenantId)}orders/{orderId:D}/attachments/";

    /// <summary>Deterministic: generating an order's invoice again overwrites the same object.</summary>
    public static string Invoice(Guid tenantId, Guid orderId) => $"{ProductRules.KeyPrefix(tenantId)}invoices/{orderId:D}.html";

    public static string NewUpload(string prefix, UploadKind kind, string contentType) => $"{prefix}{Guid.NewGuid():D}.{kind.ExtensionOf[contentType]}";

    /// <summary>
    /// Whether <paramref name="key"/> is exactly a key <see cref="NewUpload"/> could have issued under
    /// <paramref name="prefix"/> for <paramref name="kind"/>: nothing else (another tenant's or resource's files, a
    /// path trick) is ever accepted.
    /// </summary>
    public static bool IsUpload([NotNullWhen(true)] string? key, string prefix, UploadKind kind)
    {
        if (key is null || !key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var name = key[prefix.Length..];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot == 36 && Guid.TryParseExact(name[..dot], "D", out _) && name[..dot] == name[..dot].ToLowerInvariant() &&
            kind.ContentTypeOf.ContainsKey(name[(dot + 1)..]);
    }
}
