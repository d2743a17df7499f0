using System.Net;
using System.Runtime.InteropServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Platform.Replication.Engine;

/// <summary>The replica store as objects under one tenant's prefix of an S3 bucket (path-style, any endpoint).</summary>
public sealed class S3ReplicaStore : IReplicaStore, IDisposable
{
    /// <summary>The largest object sent in one request; larger ones go in parts of this size.</summary>
    public const long PartSize = 16 * 1024 * 1024;

    private const int PartsInFlight = 4;
    private const long MaxParts = 10_000;
    private const string ContentType = "application/octet-stream";

    private readonly AmazonS3Client client;
    private readonly bool ownsClient;
    private readonly string bucket;
    private readonly string prefix;

    /// <summary>A store with a client of its own, disposed with it.</summary>
    public S3ReplicaStore(S3TargetSettings target, string prefix)
        : this(CreateClient(target), target.Bucket, prefix, ownsClient: true)
    {
    }

    /// <summary>A store on a client shared with other stores (<see cref="S3Clients"/>), which outlives it.</summary>
    public S3ReplicaStore(AmazonS3Client client, string bucket, string prefix)
        : this(client, bucket, prefix, ownsClient: false)
    {
    }

    private S3ReplicaStore(AmazonS3Client client, string bucket, string prefix, bool ownsClient)
    {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        this.ownsClient = ownsClient;
    }

    public static AmazonS3Client CreateClient(S3TargetSettings target) => new(
        new BasicAWSCredentials(target.AccessKey, target.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = target.Endpoint.ToString(),
            AuthenticationRegion = target.Region,
            ForcePathStyle = true,
            // SDK 4.x otherwise adds checksum trailers that S3-compatible servers may store inside the object.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = target.OperationTimeout,
            // The replicator retries with its own backoff while it holds the WAL.
            MaxErrorRetry = 0,
        });

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var body = MemoryMarshal.TryGetArray(content, out var array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        await PutObjectAsync(key, new PutObjectRequest { InputStream = body }, cancellationToken);
    }

    /// <summary>
    /// Up to <see cref="PartSize"/> in one request; above it a multipart upload of <see cref="PartsInFlight"/> parts at
    /// a time, each read from the file as it is sent (parts grow past <see cref="PartSize"/> for files beyond S3's 10,000
    /// parts). An upload that fails is aborted; where the abort fails too (the server unreachable, or s3rver, which
    /// serves none), its parts stay until the bucket's lifecycle rule for incomplete uploads clears them.
    /// </summary>
    public async Task PutFileAsync(string key, string path, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        if (length <= PartSize)
        {
            await PutObjectAsync(key, new PutObjectRequest { FilePath = path }, cancellationToken);
            return;
        }

        var upload = await client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = prefix + key, ContentType = ContentType }, cancellationToken);
        try
        {
            var partSize = PartSizeFor(length);
            var parts = new PartETag[(int)((length + partSize - 1) / partSize)];
            await Parallel.ForEachAsync(Enumerable.Range(0, parts.Length),
                new ParallelOptions { MaxDegreeOfParallelism = PartsInFlight, CancellationToken = cancellationToken },
                async (part, token) =>
                {
                    var position = part * partSize;
                    var sent = await client.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = bucket,
                        Key = prefix + key,
                        UploadId = upload.UploadId,
                        PartNumber = part + 1,
                        FilePath = path,
                        FilePosition = position,
                        PartSize = Math.Min(partSize, length - position),
                        UseChunkEncoding = false,
                    }, token);
                    parts[part] = new PartETag(part + 1, sent.ETag);
                });
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = prefix + key,
                UploadId = upload.UploadId,
                PartETags = [.. parts],
            }, cancellationToken);
        }
        catch
        {
            await AbortAsync(key, upload.UploadId);
            throw;
        }
    }

    private Task<PutObjectResponse> PutObjectAsync(string key, PutObjectRequest request, CancellationToken cancellationToken)
    {
        request.BucketName = bucket;
        request.Key = prefix + key;
        request.UseChunkEncoding = false;
        request.ContentType = ContentType;
        return client.PutObjectAsync(request, cancellationToken);
    }

    /// <summary><see cref="PartSize"/>, or for a file too large for S3's 10,000 parts of it, the smallest whole MiB that fits.</summary>
    internal static long PartSizeFor(long length)
    {
        const long mebibyte = 1 << 20;
        var smallestFitting = (length + MaxParts - 1) / MaxParts;
        return Math.Max(PartSize, (smallestFitting + mebibyte - 1) / mebibyte * mebibyte);
    }

    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            await client.AbortMultipartUploadAsync(bucket, prefix + key, uploadId, CancellationToken.None);
        }
        catch (Exception)
        {
            // Whatever stops the abort must not hide why the upload failed; the snapshot is retried.
        }
    }

    public async Task<byte[]> GetAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await GetObjectAsync(key, cancellationToken);
        var content = new byte[response.ContentLength];
        await response.ResponseStream.ReadExactlyAsync(content, cancellationToken);
        return content;
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        // Disposing the response stream releases the connection.
        var response = await GetObjectAsync(key, cancellationToken);
        return response.ResponseStream;
    }

    /// <summary>
    /// The whole object, asked for as the open range from byte 0: the SDK then skips its own MD5 of the body against
    /// the ETag, computed in managed code at a core-second per 300 MB or so. Every object carries its own checksums
    /// (<see cref="SegmentCodec"/>), checked as it is decoded; none is empty, so the range is always satisfiable.
    /// </summary>
    private async Task<GetObjectResponse> GetObjectAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = bucket,
                Key = prefix + key,
                ByteRange = new ByteRange("bytes=0-"),
            }, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"No replica object '{key}'.", key, exception);
        }
    }

    public async Task<IReadOnlyList<ReplicaObject>> ListAsync(string keyPrefix, CancellationToken cancellationToken)
    {
        var objects = new List<ReplicaObject>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix + keyPrefix };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request, cancellationToken);
            objects.AddRange((page.S3Objects ?? []).Select(stored => new ReplicaObject(
                stored.Key[prefix.Length..], stored.Size ?? 0, stored.LastModified ?? DateTime.UnixEpoch)));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return objects.OrderBy(stored => stored.Key, StringComparer.Ordinal).ToList();
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        // One by one: S3-compatible servers such as s3rver serve no multi-object DELETE.
        foreach (var key in keys)
        {
            await client.DeleteObjectAsync(bucket, prefix + key, cancellationToken);
        }
    }

    /// <summary>Creates the bucket unless it exists.</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.PutBucketAsync(bucket, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    public void Dispose()
    {
        if (ownsClient)
        {
            client.Dispose();
        }
    }
}
