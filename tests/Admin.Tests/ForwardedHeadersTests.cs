using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Admin.Tests;

/// <summary>
/// Behind a load balancer the client's address, scheme and host arrive in X-Forwarded-* headers. Admin believes them
/// only from the proxies it is configured to trust; here Admin listens on a real loopback socket, so the "proxy" is
/// 127.0.0.1.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string ClientIp = "203.0.113.7";

    [Fact]
    public async Task Behind_a_trusted_proxy_audit_entries_rate_limits_and_published_urls_use_the_forwarded_client()
    {
        await using var admin = await StartAsync(new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1", ["Auth:LoginAttemptsPerMinutePerIp"] = "3" });
        var accountId = (await admin.CreateAccountAsync(await admin.CreatePlanAsync())).Id;

        using var discovery = Forwarded(HttpMethod.Get, "/.well-known/openid-configuration");
        discovery.Headers.Add("X-Forwarded-Proto", "https");
        discovery.Headers.Add("X-Forwarded-Host", "admin.shop.example");
        var published = JsonDocument.Parse(await (await admin.Client.SendAsync(discovery)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://admin.shop.example/.well-known/jwks.json", published.GetProperty("jwks_uri").GetString());

        using var addUser = Forwarded(HttpMethod.Post, $"/api/accounts/{accountId}/users",
            new { email = $"u-{Guid.NewGuid():N}@loja.com.br", name = "Fulana", cpf = AdminFixture.NewCpf(), password = "uma senha bem longa", roles = new[] { "staff" } });
        Assert.Equal(HttpStatusCode.Created, (await admin.Client.SendAsync(addUser)).StatusCode);
        using var charge = Forwarded(HttpMethod.Post, $"/api/accounts/{accountId}/charges", new { amountCents = 9900, description = "Mensalidade" });
        var chargeId = JsonDocument.Parse(await (await admin.Client.SendAsync(charge)).Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        using var paid = Forwarded(HttpMethod.Post, $"/api/charges/{chargeId}/paid");
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.SendAsync(paid)).StatusCode);
        using var setting = Forwarded(HttpMethod.Put, $"/api/accounts/{accountId}/settings/catalog/currency", new { value = "BRL" });
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.SendAsync(setting)).StatusCode);

        Assert.Equal(
            new Dictionary<string, long> { ["UserCreated"] = 1, ["ChargeCreated"] = 1, ["ChargePaid"] = 1, ["SettingChanged"] = 1 },
            await AuditedFromAsync(admin, ClientIp));

        // Each forwarded client has a login window of its own; the proxy's address is not one shared bucket.
        var first = await LoginStatusesAsync(admin, "198.51.100.1", 4);
        var second = await LoginStatusesAsync(admin, "198.51.100.2", 1);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], first);
        Assert.Equal([HttpStatusCode.Unauthorized], second);
    }

    [Fact]
    public async Task From_a_proxy_not_configured_forwarded_headers_are_ignored()
    {
        await using var admin = await StartAsync(new() { ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8" });
        var accountId = (await admin.CreateAccountAsync(await admin.CreatePlanAsync())).Id;

        using var discovery = Forwarded(HttpMethod.Get, "/.well-known/openid-configuration");
        discovery.Headers.Add("X-Forwarded-Host", "attacker.example");
        var published = JsonDocument.Parse(await (await admin.Client.SendAsync(discovery)).Content.ReadAsStringAsync()).RootElement;
        using var setting = Forwarded(HttpMethod.Put, $"/api/accounts/{accountId}/settings/catalog/currency", new { value = "BRL" });
        (await admin.Client.SendAsync(setting)).EnsureSuccessStatusCode();

        Assert.DoesNotContain("attacker.example", published.GetProperty("jwks_uri").GetString());
        Assert.Empty(await AuditedFromAsync(admin, ClientIp));
        Assert.Equal(new Dictionary<string, long> { ["AccountCreated"] = 1, ["SettingChanged"] = 1 }, await AuditedFromAsync(admin, "127.0.0.1"));
    }

    private static async Task<AdminFixture> StartAsync(Dictionary<string, string?> settings)
    {
        var admin = new AdminFixture { Kestrel = true };
        foreach (var (key, value) in settings)
        {
            admin.Settings[key] = value;
        }

        await admin.InitializeAsync();
        return admin;
    }

    private static HttpRequestMessage Forwarded(HttpMethod method, string path, object? body = null, string ip = ClientIp)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Forwarded-For", ip);
        return request;
    }

    private static async Task<List<HttpStatusCode>> LoginStatusesAsync(AdminFixture admin, string ip, int attempts)
    {
        var statuses = new List<HttpStatusCode>();
        using var client = admin.AnonymousClient();
        for (var i = 0; i < attempts; i++)
        {
            using var login = Forwarded(HttpMethod.Post, "/api/auth/login", new { email = $"ghost-{i}@loja.com.br", password = "wrong password" }, ip);
            statuses.Add((await client.SendAsync(login)).StatusCode);
        }

        return statuses;
    }

    private static async Task<Dictionary<string, long>> AuditedFromAsync(AdminFixture admin, string ip)
    {
        await using var command = admin.Database.CreateCommand("SELECT action, count(*) FROM admin.audit_entries WHERE ip = $1 GROUP BY action");
        command.Parameters.Add(new() { Value = ip });
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
