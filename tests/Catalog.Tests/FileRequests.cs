using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Catalog.Apis;

namespace Platform.Catalog.Tests;

/// <summary>What a client does with object storage: ask for an upload URL, PUT the bytes there, confirm.</summary>
public static class FileRequests
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static async Task<UploadResponse> IssueUploadAsync(this HttpClient client, string path, string contentType, long size)
    {
        using var response = await client.PostAsJsonAsync(path, new { contentType, size });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<UploadResponse>(body, Json)!;
    }

    /// <summary>PUTs <paramref name="content"/> to the presigned URL with a plain client (no token), as a browser would.</summary>
    public static async Task PutAsync(UploadResponse upload, byte[] content)
    {
        using var storage = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, upload.UploadUrl) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = new(upload.Headers["Content-Type"]);
        using var response = await storage.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// PUTs a body of another type or size than the URL was signed for. S3 and RustFS refuse it (403); s3rver checks no
    /// signature and stores it (200). Either way the confirmation must refuse the key.
    /// </summary>
    public static async Task PutMismatchedAsync(UploadResponse upload, byte[] content, string contentType)
    {
        using var storage = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, upload.UploadUrl) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = new(contentType);
        using var response = await storage.SendAsync(request);
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Forbidden });
    }

    public static async Task<byte[]> DownloadAsync(Uri url)
    {
        using var storage = new HttpClient();
        return await storage.GetByteArrayAsync(url);
    }

    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal(type, JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
    }
}
