using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Auth;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Tenancy;
using StackExchange.Redis;

namespace Platform.ServiceDefaults.Tests.Redis;

public sealed class RealtimeTests : IAsyncLifetime
{
    private TestTokenIssuer tokens = null!;
    private TestRedis redis = null!;
    private ProbeApp probe = null!;

    public async Task InitializeAsync()
    {
        tokens = await TestTokenIssuer.StartAsync();
        redis = await TestRedis.CreateAsync("realtime");
        probe = await ProbeApp.StartAsync(
            new Dictionary<string, string?>(redis.Settings) { ["Auth:Authority"] = tokens.Authority },
            builder =>
            {
                builder.AddPlatformAuthentication();
                builder.AddPlatformRedis();
            },
            app =>
            {
                app.MapTenantEventStream("/events");
                app.MapGet("/events-with-fast-heartbeat", async (CurrentTenant tenant, ITenantEvents events, HttpContext httpContext) =>
                {
                    await using var subscription = await events.SubscribeAsync(tenant.Id, httpContext.RequestAborted);
                    await ServerSentEvents.WriteAsync(httpContext.Response, subscription, TimeSpan.FromMilliseconds(200));
                }).RequireAuthorization();
            },
            kestrel: true);
        await RedisParts.WaitForRedisAsync(probe);
    }

    public async Task DisposeAsync()
    {
        await probe.DisposeAsync();
        await redis.DisposeAsync();
        await tokens.DisposeAsync();
    }

    private ITenantEvents Events => probe.App.Services.GetRequiredService<ITenantEvents>();

    [Fact]
    public async Task A_browser_event_source_passes_its_token_in_the_query_and_only_the_stream_accepts_it_there()
    {
        var tenant = Guid.NewGuid();
        var token = tokens.Issue(tenant);
        await using var browser = await SseClient.OpenAsync(probe.Client, $"/events?access_token={Uri.EscapeDataString(token)}", token: null);
        Assert.Equal(HttpStatusCode.OK, browser.Response.StatusCode);
        Assert.Contains("connected", (await browser.ReadAsync()).Comments);
        Assert.True(await Events.PublishAsync(tenant, "stock-changed", new { Sku = "CANECA-01", Available = 3 }));
        Assert.Equal("stock-changed", (await browser.ReadEventAsync())["event"]);

        using var elsewhere = await probe.Client.GetAsync($"/events-with-fast-heartbeat?access_token={Uri.EscapeDataString(token)}");
        using var forged = await probe.Client.GetAsync($"/events?access_token={Uri.EscapeDataString(token[..^4])}AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task An_event_published_for_a_tenant_reaches_its_stream_and_never_another_tenants()
    {
        var tenantA = Guid.NewGuid();
        var tenantB = Guid.NewGuid();
        await using var clientA = await SseClient.OpenAsync(probe.Client, "/events", tokens.Issue(tenantA));
        await using var clientB = await SseClient.OpenAsync(probe.Client, "/events", tokens.Issue(tenantB));
        Assert.Equal(HttpStatusCode.OK, clientA.Response.StatusCode);
        Assert.Equal("text/event-stream", clientA.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", clientA.Response.Headers.CacheControl?.ToString());
        Assert.Contains("connected", (await clientA.ReadAsync()).Comments);
        Assert.Contains("connected", (await clientB.ReadAsync()).Comments);

        Assert.True(await Events.PublishAsync(tenantA, "stock-changed", new { Sku = "CANECA-01", Available = 7 }));
        Assert.True(await Events.PublishAsync(tenantB, "stock-changed", new { Sku = "B-ONLY", Available = 1 }));

        var seenByA = await clientA.ReadEventAsync();
        var seenByB = await clientB.ReadEventAsync();
        Assert.Equal("stock-changed", seenByA["event"]);
        Assert.True(Guid.TryParse(seenByA["id"], out _));
        using (var data = JsonDocument.Parse(seenByA["data"]!))
        {
            Assert.Equal("CANECA-01", data.RootElement.GetProperty("sku").GetString());
            Assert.Equal(7, data.RootElement.GetProperty("available").GetInt32());
        }

        // B's first event is B's own: A's, published before it on the same Redis, never reached B's stream.
        Assert.Contains("B-ONLY", seenByB["data"]);
    }

    [Fact]
    public async Task A_stream_sends_heartbeats_and_unsubscribes_when_the_client_disconnects()
    {
        var tenant = Guid.NewGuid();
        var channel = $"{redis.KeyPrefix}:rt:{tenant:D}";
        var client = await SseClient.OpenAsync(probe.Client, "/events-with-fast-heartbeat", tokens.Issue(tenant));
        Assert.Contains("connected", (await client.ReadAsync()).Comments);
        Assert.Equal(1, await SubscribersAsync(channel));

        Assert.Contains("heartbeat", (await client.ReadAsync()).Comments);
        Assert.True(await Events.PublishAsync(tenant, "order-paid", new { Order = 1 }));
        Assert.Equal("order-paid", (await client.ReadEventAsync())["event"]);

        await client.DisposeAsync();

        await Eventually.MatchAsync(() => SubscribersAsync(channel), count => count == 0, what: "unsubscribed after the client left");
    }

    [Fact]
    public async Task A_stream_without_a_token_is_a_401()
    {
        await using var client = await SseClient.OpenAsync(probe.Client, "/events", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, client.Response.StatusCode);
    }

    private async Task<long> SubscribersAsync(string channel)
    {
        var reply = (RedisResult[])(await redis.Database.ExecuteAsync("PUBSUB", "NUMSUB", channel))!;
        return (long)reply[1];
    }
}
