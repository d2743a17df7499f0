using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Auth;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Redis;

namespace Platform.ServiceDefaults.Tests.Redis;

public sealed class RateLimitingTests : IAsyncLifetime
{
    private const int Permits = 3;
    private TestTokenIssuer tokens = null!;

    public async Task InitializeAsync() => tokens = await TestTokenIssuer.StartAsync();

    public async Task DisposeAsync() => await tokens.DisposeAsync();

    [Fact]
    public async Task Each_user_of_each_tenant_has_a_budget_of_its_own_and_the_next_request_is_a_429_problem_with_retry_after()
    {
        await using var redis = await TestRedis.CreateAsync("ratelimit");
        await using var probe = await StartAsync(redis.Settings);
        var tenantA = Guid.NewGuid();
        var userOfA = tokens.Issue(tenantA);
        var otherUserOfA = tokens.Issue(tenantA);
        var userOfB = tokens.Issue(Guid.NewGuid());

        var statusesA = await SendManyAsync(probe.Client, userOfA, Permits + 1);
        var statusesB = await SendManyAsync(probe.Client, userOfB, Permits);
        var statusesOtherA = await SendManyAsync(probe.Client, otherUserOfA, Permits);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Permits), HttpStatusCode.TooManyRequests], statusesA);
        Assert.All(statusesB, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(statusesOtherA, status => Assert.Equal(HttpStatusCode.OK, status));

        using var refused = await SendAsync(probe.Client, userOfA);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.TooManyRequests, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task A_refused_request_never_reaches_the_endpoint_not_even_to_have_its_body_read()
    {
        await using var redis = await TestRedis.CreateAsync("ratelimit");
        var reached = 0;
        await using var probe = await StartAsync(redis.Settings, map: app => app.MapPost("/orders", (OrderBody body) =>
        {
            Interlocked.Increment(ref reached);
            return TypedResults.Ok(body.Quantity);
        }).RequireAuthorization().RequireRateLimit());
        var token = tokens.Issue(Guid.NewGuid());

        var statuses = new List<HttpStatusCode>();
        foreach (var body in new[] { """{"quantity":1}""", """{"quantity":2}""", """{"quantity":3}""", "{not json", """{"quantity":4}""" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Bearer", token);
            using var response = await probe.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(Permits, reached);
    }

    [Fact]
    public async Task An_endpoint_that_requires_a_rate_limit_in_a_service_without_one_fails_loudly()
    {
        await using var probe = await ProbeApp.StartAsync(map: app => app.MapGet("/limited", () => TypedResults.Ok()).RequireRateLimit());

        var failure = Assert.Throws<InvalidOperationException>(() => probe.App.Services.GetRequiredService<EndpointDataSource>().Endpoints);

        Assert.Contains(nameof(RateLimitingExtensions.AddPlatformRateLimiting), failure.Message);
    }

    [Fact]
    public async Task A_tenant_with_a_budget_of_its_own_gets_that_budget()
    {
        await using var redis = await TestRedis.CreateAsync("ratelimit");
        var generous = Guid.NewGuid();
        await using var probe = await StartAsync(new Dictionary<string, string?>(redis.Settings) { [$"RateLimiting:Tenants:{generous.ToString().ToUpperInvariant()}"] = "5" });

        var statuses = await SendManyAsync(probe.Client, tokens.Issue(generous), 6);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Anonymous_callers_share_the_budget_of_their_ip_address()
    {
        await using var redis = await TestRedis.CreateAsync("ratelimit");
        await using var probe = await StartAsync(redis.Settings, kestrel: true);

        var statuses = await SendManyAsync(probe.Client, token: null, Permits + 1, "/anonymous");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Permits), HttpStatusCode.TooManyRequests], statuses);
        Assert.Single(await redis.KeysAsync("rl:ip:127.0.0.1"));
    }

    [Fact]
    public async Task A_window_that_ends_gives_the_budget_back()
    {
        await using var redis = await TestRedis.CreateAsync("ratelimit");
        await using var probe = await StartAsync(new Dictionary<string, string?>(redis.Settings) { ["RateLimiting:Window"] = "00:00:01" });
        var token = tokens.Issue(Guid.NewGuid());
        await SendManyAsync(probe.Client, token, Permits + 1);

        await Eventually.MatchAsync(async () => (await SendManyAsync(probe.Client, token, 1)).Single(), status => status == HttpStatusCode.OK, what: "budget back");
    }

    [Fact]
    public async Task With_redis_down_every_request_passes_and_limiting_resumes_when_it_returns()
    {
        await using var server = await DisposableRedisServer.StartAsync(running: false);
        await using var probe = await StartWithoutWaitingAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = server.ConnectionString,
            ["Redis:BreakDuration"] = "00:00:00.200",
            ["Redis:OperationTimeout"] = TestRedis.OperationTimeout.ToString("c"),
        });
        var token = tokens.Issue(Guid.NewGuid());

        var statuses = await SendManyAsync(probe.Client, token, Permits * 3);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));

        await server.StartAsync();
        await Eventually.MatchAsync(async () => (await SendManyAsync(probe.Client, token, 1)).Single(), status => status == HttpStatusCode.TooManyRequests, what: "limited again");
    }

    [Fact]
    public async Task Instances_taking_permits_in_leases_never_let_more_than_the_budget_through_together()
    {
        const int budget = 200;
        await using var redis = await TestRedis.CreateAsync("ratelimit");
        var options = new RateLimitingOptions { PermitsPerWindow = budget };
        Assert.Equal(4, options.LeaseSizeFor(budget));
        await using var first = await RedisParts.ConnectAsync(redis.ConnectionString, RedisParts.Options(redis.KeyPrefix));
        await using var second = await RedisParts.ConnectAsync(redis.ConnectionString, RedisParts.Options(redis.KeyPrefix));
        var limiters = new[] { new RedisRateLimiter(first.Connection, options), new RedisRateLimiter(second.Connection, options) };

        var decisions = await Task.WhenAll(Enumerable.Range(0, 3 * budget)
            .Select(i => Task.Run(() => limiters[i % 2].AcquireAsync(RateLimitPartition.Of("t:shop:u:someone"), budget).AsTask())));

        var allowed = decisions.Count(decision => decision.Allowed);
        Assert.InRange(allowed, budget - 2 * (options.LeaseSizeFor(budget) - 1), budget);
        Assert.All(decisions.Where(decision => !decision.Allowed), decision => Assert.InRange(decision.RetryAfterSeconds, 1, 60));
        // Leases, not single permits: Redis counted far fewer calls than requests were made (each call adds a whole lease).
        var counted = (long)await redis.Database.StringGetAsync($"{redis.KeyPrefix}:rl:t:shop:u:someone");
        Assert.Equal(0, counted % options.LeaseSizeFor(budget));
        Assert.True(counted / options.LeaseSizeFor(budget) < decisions.Length / 2, $"{counted / options.LeaseSizeFor(budget)} Redis calls for {decisions.Length} requests");
    }

    private async Task<ProbeApp> StartAsync(IDictionary<string, string?> settings, bool kestrel = false, Action<WebApplication>? map = null)
    {
        var probe = await StartWithoutWaitingAsync(settings, kestrel, map);
        await RedisParts.WaitForRedisAsync(probe);
        return probe;
    }

    private async Task<ProbeApp> StartWithoutWaitingAsync(IDictionary<string, string?> settings, bool kestrel = false, Action<WebApplication>? map = null) =>
        await ProbeApp.StartAsync(
            new Dictionary<string, string?>(settings)
            {
                ["Auth:Authority"] = tokens.Authority,
                ["RateLimiting:PermitsPerWindow"] = Permits.ToString(),
            },
            builder =>
            {
                builder.AddPlatformAuthentication();
                builder.AddPlatformRateLimiting();
            },
            map ?? (app =>
            {
                app.MapGet("/limited", () => TypedResults.Ok()).RequireAuthorization().RequireRateLimit();
                app.MapGet("/anonymous", () => TypedResults.Ok()).RequireRateLimit();
            }),
            kestrel);

    private sealed record OrderBody(int Quantity);

    private static async Task<List<HttpStatusCode>> SendManyAsync(HttpClient client, string? token, int count, string path = "/limited")
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await SendAsync(client, token, path);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string? token, string path = "/limited")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await client.SendAsync(request);
    }
}
