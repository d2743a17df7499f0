namespace Platform.Catalog.Files;

/// <summary>What a client may upload for one purpose: the content types allowed (each with the one extension its keys get) and the size limit.</summary>
public sealed class UploadKind
{
    public const long MiB = 1024 * 1024;

    /// <summary>Product images, served from the public bucket.</summary>
    public static readonly UploadKind ProductImage = new(5 * MiB, new Dictionary<string, string>
    {
        ["image/jpeg"] = "jpg",
        ["image/png"] = "png",
        ["image/webp"] = "webp",
    });

    /// <summary>
    /// A service order's attachments: the customer's files (photos of the device, artwork for a customised product,
    /// documents). Only types a browser will not run as a page: no HTML, no SVG.
    /// </summary>
    public static readonly UploadKind OrderAttachment = new(20 * MiB, new Dictionary<string, string>
    {
        ["application/pdf"] = "pdf",
        ["image/jpeg"] = "jpg",
        ["image/png"] = "png",
        ["image/webp"] = "webp",
        ["image/heic"] = "heic",
        ["text/plain"] = "txt",
        ["text/csv"] = "csv",
        ["application/zip"] = "zip",
        ["model/stl"] = "stl",
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = "docx",
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = "xlsx",
    });

    private UploadKind(long maxBytes, IReadOnlyDictionary<string, string> extensions)
    {
        MaxBytes = maxBytes;
        ExtensionOf = extensions;
        ContentTypeOf = extensions.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
    }

    public long MaxBytes { get; }

    /// <summary>Content type (lowercase, no parameters) → the extension of its keys.</summary>
    public IReadOnlyDictionary<string, string> ExtensionOf { get; }

    /// <summary>Extension → the one content type an object under such a key must have.</summary>
    public IReadOnlyDictionary<string, string> ContentTypeOf { get; }

    /// <summary>Validates a client's announced upload; the content type comes back lowercase.</summary>
    public bool TryAccept(UploadRequest request, out string contentType, out long size, out Dictionary<string, string[]> errors)
    {
        errors = [];
        contentType = request.ContentType?.Trim().ToLowerInvariant() ?? "";
        size = request.Size ?? 0;
        if (!ExtensionOf.ContainsKey(contentType))
        {
            errors["contentType"] = [$"The content type is one of: {string.Join(", ", ExtensionOf.Keys)}."];
        }

        if (request.Size is not { } announced || announced < 1 || announced > MaxBytes)
        {
            errors["size"] = [$"The size is the file's length in bytes, from 1 to {MaxBytes} ({MaxBytes / MiB} MiB)."];
        }

        return errors.Count == 0;
    }

    /// <summary>Why a stored object may not be used, or null when it may: its size and type must be what this kind allows for its key.</summary>
    public string? Refusal(string key, long storedSize, string? storedContentType)
    {
        var expected = ContentTypeOf[key[(key.LastIndexOf('.') + 1)..]];
        if (storedSize < 1 || storedSize > MaxBytes)
        {
            return $"The uploaded file has {storedSize} bytes; at most {MaxBytes} are allowed.";
        }

        var stored = storedContentType?.Split(';')[0].Trim().ToLowerInvariant();
        return stored == expected ? null : $"The uploaded file's content type is '{stored}', not the '{expected}' its key was issued for.";
    }
}

/// <summary>What a client announces before uploading: the file's content type and its length in bytes.</summary>
public sealed record UploadRequest(string? ContentType, long? Size);
