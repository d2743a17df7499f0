using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Platform.Search.Elasticsearch;

namespace Platform.Search.Tests.Elasticsearch;

/// <summary>One request the fake received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string Body)
{
    public JsonDocument Json() => JsonDocument.Parse(Body);

    /// <summary>The body's NDJSON lines, each parsed.</summary>
    public IReadOnlyList<JsonElement> Lines() =>
        [.. Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    public string? QueryValue(string name) =>
        Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair[0] == name)
            .Select(pair => Uri.UnescapeDataString(pair.ElementAtOrDefault(1) ?? ""))
            .FirstOrDefault();
}

/// <summary>A canned answer: a status and a JSON body.</summary>
public sealed record CannedResponse(int Status, string Body)
{
    public static CannedResponse Ok(string body = "{}") => new(200, body);
}

/// <summary>
/// A loopback HTTP server standing in for Elasticsearch: it records every request (method, path, query string, body)
/// and answers from <see cref="Respond"/>, by default 200 <c>{}</c>.
/// </summary>
public sealed class FakeElasticsearch : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly Task serving;

    private FakeElasticsearch(int port)
    {
        Address = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Address.ToString());
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    public Func<RecordedRequest, CannedResponse> Respond { get; set; } = _ => CannedResponse.Ok();

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    /// <summary>Starts on a free loopback port (another one if a parallel test took it between the pick and the bind).</summary>
    public static FakeElasticsearch Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FakeElasticsearch(FreePorts.Next());
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>An engine client pointed at this server.</summary>
    public ElasticsearchClient Client(string? userInfo = null)
    {
        var http = new HttpClient();
        ElasticsearchClient.Configure(http, userInfo is null ? Address.ToString() : $"http://{userInfo}@{Address.Authority}/");
        return new ElasticsearchClient(http);
    }

    public RecordedRequest Single(string method, string pathEndsWith) =>
        Assert.Single(Requests, request => request.Method == method && request.Path.EndsWith(pathEndsWith, StringComparison.Ordinal));

    public string? LastAuthorization { get; private set; }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            LastAuthorization = context.Request.Headers["Authorization"];
            var request = new RecordedRequest(
                context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Url.Query, body);
            requests.Enqueue(request);
            CannedResponse response;
            try
            {
                response = Respond(request);
            }
            catch (Exception exception)
            {
                response = new CannedResponse(599, JsonSerializer.Serialize(new { fake_error = exception.Message }));
            }

            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = "application/json";
            // A fixed length (none for HEAD) so no chunked framing is left on a kept-alive connection.
            context.Response.ContentLength64 = request.Method == "HEAD" ? 0 : bytes.Length;
            if (request.Method != "HEAD")
            {
                await context.Response.OutputStream.WriteAsync(bytes);
            }

            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
    }
}
