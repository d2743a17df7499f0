using System.Net.Http.Headers;

namespace Platform.ServiceDefaults.Tests.Redis;

/// <summary>Reads a server-sent event stream over a real HTTP connection, one block (up to a blank line) at a time.</summary>
internal sealed class SseClient : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private SseClient(HttpResponseMessage response, StreamReader reader)
    {
        this.response = response;
        this.reader = reader;
    }

    public HttpResponseMessage Response => response;

    public static async Task<SseClient> OpenAsync(HttpClient client, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Bound);
        return new SseClient(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next block: its comments and its fields; waits at most a bounded time.</summary>
    public async Task<SseBlock> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var comments = new List<string>();
        var fields = new List<KeyValuePair<string, string>>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (comments.Count + fields.Count > 0)
                {
                    return new SseBlock(comments, fields);
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].Trim());
                continue;
            }

            var colon = line.IndexOf(':');
            fields.Add(new(line[..colon], line[(colon + 1)..].TrimStart(' ')));
        }

        throw new EndOfStreamException("The event stream ended.");
    }

    /// <summary>The next block that is an event, skipping heartbeats.</summary>
    public async Task<SseBlock> ReadEventAsync()
    {
        while (true)
        {
            var block = await ReadAsync();
            if (block.Fields.Count > 0)
            {
                return block;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}

internal sealed record SseBlock(IReadOnlyList<string> Comments, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public string? this[string field] => Fields.FirstOrDefault(pair => pair.Key == field).Value;

    public override string ToString() => string.Join(" | ", Comments.Select(comment => $": {comment}").Concat(Fields.Select(pair => $"{pair.Key}: {pair.Value}")));
}
