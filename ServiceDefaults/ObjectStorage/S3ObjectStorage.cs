using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Platform.ServiceDefaults.ObjectStorage;

/// <summary><see cref="IObjectStorage"/> over <see cref="AmazonS3Client"/>, path-style, for S3 and S3-compatible servers alike.</summary>
public sealed class S3ObjectStorage : IObjectStorage, IDisposable
{
    private readonly AmazonS3Client client;
    private readonly Protocol protocol;
    private readonly TimeProvider clock;

    public S3ObjectStorage(ObjectStorageConnection connection, ObjectStorageOptions options, TimeProvider clock)
    {
        this.clock = clock;
        protocol = connection.Endpoint.Scheme == Uri.UriSchemeHttps ? Protocol.HTTPS : Protocol.HTTP;
        client = new AmazonS3Client(new BasicAWSCredentials(connection.AccessKey, connection.SecretKey), new AmazonS3Config
        {
            ServiceURL = connection.Endpoint.ToString(),
            AuthenticationRegion = connection.Region,
            // Buckets as path segments: S3-compatible servers (s3rver, RustFS) have no per-bucket DNS names.
            ForcePathStyle = true,
            // SDK 4.x otherwise adds checksum trailers, which S3-compatible servers may store inside the object.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = options.OperationTimeout,
            MaxErrorRetry = 2,
        });
    }

    public PresignedUpload PresignUpload(string bucket, string key, string contentType, long contentLength, TimeSpan lifetime)
    {
        var expiresAt = Expiry(lifetime);
        var request = new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            Protocol = protocol,
            Expires = expiresAt.UtcDateTime,
            ContentType = contentType,
        };
        request.Headers.ContentLength = contentLength;
        var url = new Uri(client.GetPreSignedURL(request));
        return new PresignedUpload(url, expiresAt, new Dictionary<string, string>
        {
            ["Content-Type"] = contentType,
            ["Content-Length"] = contentLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public PresignedDownload PresignDownload(string bucket, string key, TimeSpan lifetime, string? downloadFileName = null)
    {
        var expiresAt = Expiry(lifetime);
        var request = new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Protocol = protocol,
            Expires = expiresAt.UtcDateTime,
        };
        if (downloadFileName is not null)
        {
            request.ResponseHeaderOverrides.ContentDisposition =
                new System.Net.Mime.ContentDisposition { FileName = downloadFileName, DispositionType = "attachment" }.ToString();
        }

        return new PresignedDownload(new Uri(client.GetPreSignedURL(request)), expiresAt);
    }

    public async Task<StoredObject?> HeadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken);
            return new StoredObject(metadata.ContentLength, metadata.Headers.ContentType);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task PutAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(content.ToArray(), writable: false);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = body,
            ContentType = contentType,
            // s3rver keeps aws-chunked framing inside the object; a plain body round-trips byte for byte.
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    public async Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken) =>
        await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken);

    public async Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        if (await BucketExistsAsync(bucket, cancellationToken))
        {
            return;
        }

        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (exception.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Another instance created it between the check and the creation.
        }
    }

    public async Task<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public void Dispose() => client.Dispose();

    private DateTimeOffset Expiry(TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        // Whole seconds: the URL carries its expiry in seconds, and the answer must not promise more than the URL allows.
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + lifetime;
    }
}
