using System.Data.Common;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.ObjectStorage;

/// <summary>The <c>ObjectStorage</c> section: the two buckets a service keeps its objects in.</summary>
public sealed class ObjectStorageOptions
{
    public const string Section = "ObjectStorage";

    /// <summary>Objects anyone may see once published, such as product images.</summary>
    public string PublicBucket { get; set; } = "platform-public";

    /// <summary>Objects handed out only through short-lived presigned URLs: invoices, attachments, customers' files.</summary>
    public string PrivateBucket { get; set; } = "platform-private";

    /// <summary>How long HEAD, PUT and bucket calls may take before the caller gives up.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary><c>Endpoint=http://host:port;AccessKey=...;SecretKey=...;Region=...</c>, as the AppHost and scripts/infra.sh write it.</summary>
public sealed record ObjectStorageConnection(Uri Endpoint, string AccessKey, string SecretKey, string Region)
{
    public static ObjectStorageConnection Parse(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Part(string name) => parts.TryGetValue(name, out var value) && value is string text && text.Length > 0 ? text : null;

        var endpoint = Part("Endpoint");
        var accessKey = Part("AccessKey");
        var secretKey = Part("SecretKey");
        if (endpoint is null || accessKey is null || secretKey is null ||
            !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new MissingConfigurationException(
                $"ConnectionStrings__{ObjectStorageExtensions.ConnectionName} must read Endpoint=http(s)://host:port;AccessKey=...;SecretKey=...;Region=...");
        }

        return new ObjectStorageConnection(uri, accessKey, secretKey, Part("Region") ?? "us-east-1");
    }
}
