using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.ObjectStorage;

namespace Platform.ServiceDefaults.Tests.ObjectStorage;

/// <summary><see cref="IObjectStorage"/> against the real S3-compatible server, in buckets of the test's own.</summary>
public sealed class ObjectStorageTests : IAsyncLifetime
{
    private readonly TestBuckets buckets = TestBuckets.Create("sd");
    private readonly HttpClient plain = new();
    private ProbeApp probe = null!;

    private IObjectStorage Storage => probe.App.Services.GetRequiredService<IObjectStorage>();

    public async Task InitializeAsync() =>
        probe = await ProbeApp.StartAsync(buckets.Settings, builder => builder.AddPlatformObjectStorage());

    public async Task DisposeAsync()
    {
        plain.Dispose();
        await probe.DisposeAsync();
        await buckets.DisposeAsync();
    }

    [Fact]
    public async Task The_buckets_exist_once_the_service_has_started_and_health_says_healthy()
    {
        Assert.True(await Storage.BucketExistsAsync(buckets.PublicBucket, CancellationToken.None));
        Assert.True(await Storage.BucketExistsAsync(buckets.PrivateBucket, CancellationToken.None));
        var (status, overall, check) = await ReadHealthAsync(probe.Client);
        Assert.Equal((HttpStatusCode.OK, "Healthy", "Healthy"), (status, overall, check));
    }

    [Fact]
    public async Task Bytes_put_come_back_exactly_through_a_presigned_download_and_head_tells_size_and_type()
    {
        var content = RandomNumberGenerator.GetBytes(100_000);
        await Storage.PutAsync(buckets.PrivateBucket, "tenants/a/blob.bin", content, "application/octet-stream", CancellationToken.None);

        var head = await Storage.HeadAsync(buckets.PrivateBucket, "tenants/a/blob.bin", CancellationToken.None);
        var download = Storage.PresignDownload(buckets.PrivateBucket, "tenants/a/blob.bin", TimeSpan.FromMinutes(1), "blob.bin");
        var downloaded = await plain.GetByteArrayAsync(download.Url);

        Assert.Equal(new StoredObject(100_000, "application/octet-stream"), head);
        Assert.Equal(content, downloaded);
        Assert.Null(await Storage.HeadAsync(buckets.PrivateBucket, "tenants/a/missing.bin", CancellationToken.None));
    }

    [Fact]
    public async Task A_presigned_upload_signs_the_announced_type_and_size_and_stores_the_body_exactly()
    {
        var content = RandomNumberGenerator.GetBytes(1000);
        var upload = Storage.PresignUpload(buckets.PublicBucket, "tenants/a/image.png", "image/png", content.Length, TimeSpan.FromMinutes(10));

        // S3 and RustFS refuse a body whose type or length differs from the signed ones; s3rver checks no SigV4
        // signature at all, which is why the services HEAD every upload before they trust it.
        var signed = System.Web.HttpUtility.ParseQueryString(upload.Url.Query)["X-Amz-SignedHeaders"]!.Split(';');
        Assert.Contains("content-type", signed);
        Assert.Contains("content-length", signed);
        Assert.Equal("image/png", upload.Headers["Content-Type"]);
        Assert.Equal("1000", upload.Headers["Content-Length"]);

        using var accepted = await PutAsync(upload, content, "image/png");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(new StoredObject(1000, "image/png"), await Storage.HeadAsync(buckets.PublicBucket, "tenants/a/image.png", CancellationToken.None));
        Assert.Equal(content, await plain.GetByteArrayAsync(Storage.PresignDownload(buckets.PublicBucket, "tenants/a/image.png", TimeSpan.FromMinutes(1)).Url));
    }

    [Fact]
    public async Task A_service_starts_with_the_storage_unreachable_and_health_answers_200_degraded()
    {
        await using var down = await ProbeApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:objectstorage"] = $"Endpoint=http://127.0.0.1:{ClosedPort()};AccessKey=a;SecretKey=b;Region=us-east-1",
                ["ObjectStorage:OperationTimeout"] = "00:00:02",
            },
            builder => builder.AddPlatformObjectStorage());

        var (status, overall, check) = await ReadHealthAsync(down.Client);

        Assert.Equal((HttpStatusCode.OK, "Degraded", "Degraded"), (status, overall, check));
    }

    private async Task<HttpResponseMessage> PutAsync(PresignedUpload upload, byte[] body, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, upload.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new(contentType);
        return await plain.SendAsync(request);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(HttpStatusCode Status, string? Overall, string? Check)> ReadHealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, report.RootElement.GetProperty("status").GetString(),
            report.RootElement.GetProperty("checks").GetProperty("objectstorage").GetProperty("status").GetString());
    }
}
