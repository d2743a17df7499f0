using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.ServiceDefaults.ObjectStorage;

namespace Platform.TestSupport;

/// <summary>
/// A public and a private bucket of the test's own on the shared S3-compatible server. The service under test creates
/// them (as it would in production); they are deleted with everything in them when the test ends.
/// </summary>
public sealed class TestBuckets : IAsyncDisposable
{
    private TestBuckets(string purpose)
    {
        var id = Guid.NewGuid().ToString("N")[..20];
        PublicBucket = $"{purpose}-pub-{id}";
        PrivateBucket = $"{purpose}-prv-{id}";
        Connection = ObjectStorageConnection.Parse(ConnectionString);
        Client = new AmazonS3Client(new BasicAWSCredentials(Connection.AccessKey, Connection.SecretKey), new AmazonS3Config
        {
            ServiceURL = Connection.Endpoint.ToString(),
            AuthenticationRegion = Connection.Region,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public string ConnectionString { get; } = TestEnvironment.ObjectStorage;

    public ObjectStorageConnection Connection { get; }

    public string PublicBucket { get; }

    public string PrivateBucket { get; }

    /// <summary>A client of the test's own, to look at what the service stored.</summary>
    public AmazonS3Client Client { get; }

    /// <summary>The settings a service under test needs: the connection string and this test's buckets.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:objectstorage"] = ConnectionString,
        ["ObjectStorage:PublicBucket"] = PublicBucket,
        ["ObjectStorage:PrivateBucket"] = PrivateBucket,
    };

    /// <param name="purpose">A few lowercase letters naming the test project; bucket names allow 63 characters.</param>
    public static TestBuckets Create(string purpose) => new(purpose);

    public async ValueTask DisposeAsync()
    {
        foreach (var bucket in new[] { PublicBucket, PrivateBucket })
        {
            try
            {
                // Object by object: s3rver serves neither object versions nor multi-object DELETE.
                ListObjectsV2Response page;
                do
                {
                    page = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
                    foreach (var stored in page.S3Objects ?? [])
                    {
                        await Client.DeleteObjectAsync(bucket, stored.Key);
                    }
                }
                while (page.IsTruncated == true);

                await Client.DeleteBucketAsync(bucket);
            }
            catch (AmazonS3Exception exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // The test never started the service that creates it.
            }
        }

        Client.Dispose();
    }
}
