using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Platform.TestSupport;

/// <summary>
/// A RabbitMQ virtual host of its own for one test (its own exchanges and queues), created and deleted
/// through the management API.
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private readonly HttpClient management;

    private TestVirtualHost(HttpClient management, string name, string amqpUri)
    {
        this.management = management;
        Name = name;
        AmqpUri = amqpUri;
    }

    public string Name { get; }

    /// <summary>The <c>ConnectionStrings:messaging</c> value pointing at this virtual host.</summary>
    public string AmqpUri { get; }

    public static async Task<TestVirtualHost> CreateAsync()
    {
        var managementUri = TestEnvironment.RabbitMqManagement;
        var credentials = Uri.UnescapeDataString(managementUri.UserInfo);
        var management = new HttpClient { BaseAddress = new Uri(managementUri.GetLeftPart(UriPartial.Authority)) };
        management.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        var name = $"test-{Guid.NewGuid():N}";
        (await management.PutAsJsonAsync($"/api/vhosts/{name}", new { })).EnsureSuccessStatusCode();
        var user = credentials.Split(':')[0];
        (await management.PutAsJsonAsync($"/api/permissions/{name}/{user}", new { configure = ".*", write = ".*", read = ".*" }))
            .EnsureSuccessStatusCode();

        var broker = new UriBuilder(TestEnvironment.Messaging) { Path = "/" + name };
        return new TestVirtualHost(management, name, broker.Uri.ToString());
    }

    /// <summary>Messages ready in a queue of this virtual host, or null when the queue does not exist.</summary>
    public async Task<long?> CountMessagesAsync(string queue)
    {
        using var response = await management.GetAsync($"/api/queues/{Name}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number
            ? messages.GetInt64()
            : 0;
    }

    /// <summary>Reads (and requeues) up to <paramref name="count"/> message payloads of a queue.</summary>
    public async Task<IReadOnlyList<string>> PeekAsync(string queue, int count = 10)
    {
        using var response = await management.PostAsJsonAsync(
            $"/api/queues/{Name}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto" });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.EnumerateArray().Select(message => message.GetProperty("payload").GetString()!).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        using (await management.DeleteAsync($"/api/vhosts/{Name}"))
        {
        }

        management.Dispose();
    }
}
