using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Platform.Search.Elasticsearch;

/// <summary>
/// Elasticsearch's REST API over one <see cref="HttpClient"/>: typed bodies in and out (System.Text.Json, snake_case
/// names), the status kept so callers can read 404 and 409 as answers; any other failure throws
/// <see cref="ElasticsearchException"/>. Paths are built by callers from constants and Guid-formatted names only.
/// </summary>
public sealed class ElasticsearchClient(HttpClient http)
{
    public const string ConnectionStringName = "elasticsearch";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Points <paramref name="client"/> at <paramref name="connectionString"/> (an http(s) URL, optionally with user:password).</summary>
    public static void Configure(HttpClient client, string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not an http(s) URL such as http://user:password@localhost:9200.");
        }

        if (uri.UserInfo.Length > 0)
        {
            var credentials = Uri.UnescapeDataString(uri.UserInfo);
            client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        // Paths are relative: a URL with a path prefix (behind a proxy) keeps it.
        var address = new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" };
        address.Path = address.Path.TrimEnd('/') + "/";
        client.BaseAddress = address.Uri;
    }

    /// <summary>Sends <paramref name="body"/> (null: none) and returns the status with the parsed answer (null when empty).</summary>
    public async Task<ElasticsearchResponse> SendAsync(
        HttpMethod method, string path, object? body, CancellationToken cancellationToken, params HttpStatusCode[] expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return await SendAsync(request, expected, cancellationToken);
    }

    /// <summary>Sends one <c>_bulk</c> request: each line serialised on its own and ended by a newline.</summary>
    public async Task<ElasticsearchResponse> BulkAsync(string path, IEnumerable<object> lines, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        foreach (var line in lines)
        {
            JsonSerializer.Serialize(stream, line, line.GetType(), Json);
            stream.WriteByte((byte)'\n');
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(stream.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var response = await SendAsync(request, [], cancellationToken);
        if (response.Body is { } answer && answer.RootElement.TryGetProperty("errors", out var errors) && errors.GetBoolean())
        {
            // Version conflicts are an answer (an older copy lost); anything else is a failure.
            foreach (var item in answer.RootElement.GetProperty("items").EnumerateArray())
            {
                var result = item.EnumerateObject().First().Value;
                var status = result.GetProperty("status").GetInt32();
                if (status >= 300 && status != (int)HttpStatusCode.Conflict)
                {
                    throw new ElasticsearchException((HttpStatusCode)status, result.GetRawText());
                }
            }
        }

        return response;
    }

    public T Read<T>(JsonDocument document) => document.Deserialize<T>(Json)!;

    private async Task<ElasticsearchResponse> SendAsync(HttpRequestMessage request, HttpStatusCode[] expected, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode && !expected.Contains(response.StatusCode))
        {
            throw new ElasticsearchException(response.StatusCode,
                $"{request.Method} {request.RequestUri?.AbsolutePath}: {Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 2_000))}");
        }

        return new ElasticsearchResponse(response.StatusCode, bytes.Length == 0 ? null : JsonDocument.Parse(bytes));
    }
}

/// <summary>An answer of Elasticsearch; dispose it to return the parsed body's buffers.</summary>
public sealed record ElasticsearchResponse(HttpStatusCode Status, JsonDocument? Body) : IDisposable
{
    public bool Succeeded => (int)Status is >= 200 and < 300;

    public void Dispose() => Body?.Dispose();
}

public sealed class ElasticsearchException(HttpStatusCode status, string message)
    : Exception($"Elasticsearch answered {(int)status} {status}: {message}")
{
    public HttpStatusCode Status { get; } = status;
}
