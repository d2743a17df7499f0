namespace Platform.ServiceDefaults.ObjectStorage;

/// <summary>A presigned PUT: the client sends the body to <see cref="Url"/> with exactly <see cref="Headers"/>, before <see cref="ExpiresAt"/>.</summary>
public sealed record PresignedUpload(Uri Url, DateTimeOffset ExpiresAt, IReadOnlyDictionary<string, string> Headers);

/// <summary>A presigned GET, good until <see cref="ExpiresAt"/>.</summary>
public sealed record PresignedDownload(Uri Url, DateTimeOffset ExpiresAt);

/// <summary>What a HEAD tells about a stored object.</summary>
public sealed record StoredObject(long Size, string? ContentType);

/// <summary>
/// The S3-compatible object storage every service shares. Keys are the caller's business; the storage only moves bytes
/// and signs URLs. Failures of the storage itself surface as exceptions; a missing object is a null.
/// </summary>
public interface IObjectStorage
{
    /// <summary>
    /// A URL the client can PUT one object to: the content type and the exact length it announced are part of the
    /// signature, so a body of another type or size is refused by the storage itself.
    /// </summary>
    PresignedUpload PresignUpload(string bucket, string key, string contentType, long contentLength, TimeSpan lifetime);

    /// <summary>A URL to read one object; with <paramref name="downloadFileName"/> browsers save it under that name.</summary>
    PresignedDownload PresignDownload(string bucket, string key, TimeSpan lifetime, string? downloadFileName = null);

    Task<StoredObject?> HeadAsync(string bucket, string key, CancellationToken cancellationToken);

    Task PutAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>Creates the bucket unless it exists; idempotent.</summary>
    Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken);

    /// <summary>Whether the bucket exists and answers.</summary>
    Task<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken);
}
