using Platform.ServiceDefaults.ObjectStorage;

namespace Platform.Catalog.Files;

/// <summary>A presigned upload issued for a key the service chose.</summary>
public sealed record IssuedUpload(string Key, PresignedUpload Upload, long MaxBytes);

/// <summary>
/// The check every confirmation makes before a key is recorded: the object is there, and its size and type are what the
/// key was issued for. A presigned PUT signs both, but not every S3-compatible server verifies the signature, so the
/// object itself is what counts. An object that breaks the rules is deleted, so it cannot be confirmed later.
/// </summary>
public static class StoredUploads
{
    public static readonly TimeSpan UploadUrlLifetime = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan DownloadUrlLifetime = TimeSpan.FromMinutes(5);

    public static IssuedUpload Issue(IObjectStorage storage, string bucket, string prefix, UploadKind kind, string contentType, long size)
    {
        var key = FileKeys.NewUpload(prefix, kind, contentType);
        return new IssuedUpload(key, storage.PresignUpload(bucket, key, contentType, size, UploadUrlLifetime), kind.MaxBytes);
    }

    /// <summary>The stored object when it may be recorded under <paramref name="key"/>; otherwise the errors to answer with.</summary>
    public static async Task<(StoredObject? Stored, Dictionary<string, string[]> Errors)> CheckAsync(
        IObjectStorage storage, string bucket, string key, UploadKind kind, CancellationToken cancellationToken)
    {
        var stored = await storage.HeadAsync(bucket, key, cancellationToken);
        if (stored is null)
        {
            return (null, new() { ["key"] = ["Nothing was uploaded under this key: PUT the file to its upload URL before it expires, then confirm."] });
        }

        if (kind.Refusal(key, stored.Size, stored.ContentType) is { } refusal)
        {
            await storage.DeleteAsync(bucket, key, cancellationToken);
            return (null, new() { ["key"] = [refusal + " The upload was discarded."] });
        }

        return (stored, []);
    }
}
