using Platform.Catalog.Files;

namespace Platform.Catalog.Apis;

/// <summary>
/// Where and how to upload one file: PUT the bytes to <see cref="UploadUrl"/> with exactly <see cref="Headers"/> before
/// <see cref="ExpiresAt"/>, then confirm <see cref="Key"/>.
/// </summary>
public sealed record UploadResponse(string Key, Uri UploadUrl, string Method, DateTimeOffset ExpiresAt, IReadOnlyDictionary<string, string> Headers, long MaxBytes)
{
    public static UploadResponse From(IssuedUpload issued) =>
        new(issued.Key, issued.Upload.Url, "PUT", issued.Upload.ExpiresAt, issued.Upload.Headers, issued.MaxBytes);
}

public sealed record ConfirmImageRequest(string? Key);

public sealed record ConfirmAttachmentRequest(string? Key, string? FileName);

/// <summary>An order's attachment with a short-lived link to download it.</summary>
public sealed record AttachmentResponse(
    Guid Id,
    string Key,
    string FileName,
    string ContentType,
    long Size,
    DateTimeOffset CreatedAt,
    Uri DownloadUrl,
    DateTimeOffset DownloadExpiresAt);

public sealed record AttachmentListResponse(IReadOnlyList<AttachmentResponse> Items);

/// <summary>An order's invoice document and a short-lived link to download it.</summary>
public sealed record InvoiceResponse(Guid OrderId, string ContentType, long Size, DateTimeOffset CreatedAt, Uri DownloadUrl, DateTimeOffset ExpiresAt);
