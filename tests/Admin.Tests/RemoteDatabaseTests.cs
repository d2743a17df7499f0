using System.Diagnostics;
using System.Net.Http.Json;
using Npgsql;
using Xunit.Abstractions;

namespace Platform.Admin.Tests;

/// <summary>
/// Admin runs on Neon: every database round trip costs 100-200 ms. With 150 ms added between Admin and its pooled
/// database, the main reads and the login must stay within a fixed number of round trips. Round trips, not seconds,
/// are asserted (they are what latency multiplies); the elapsed times are printed for the record.
/// </summary>
public sealed class RemoteDatabaseTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(75);
    private readonly AdminFixture admin = new();
    private TcpProxy proxy = null!;

    public async Task InitializeAsync()
    {
        var pooler = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresPooler ?? TestEnvironment.PostgresServer);
        proxy = TcpProxy.Start(pooler.Host!, pooler.Port);
        admin.DatabaseRoute = connectionString => new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;

        // Only the requests measured talk to the database: no periodic outbox polls in between.
        admin.Settings["Outbox:PollInterval"] = "01:00:00";
        await admin.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await admin.DisposeAsync();
        await proxy.DisposeAsync();
    }

    [Fact]
    public async Task Main_reads_and_login_take_a_bounded_number_of_round_trips_to_a_distant_database()
    {
        var account = await admin.CreateAccountAsync(await admin.CreatePlanAsync());
        var (owner, userId) = await admin.UserAsync(account.Id, "owner");
        var email = await EmailOfAsync(owner);
        var refreshTokens = new Queue<string>();
        for (var i = 0; i < 2; i++)
        {
            refreshTokens.Enqueue((await admin.LoginAsync(email, "uma senha bem longa")).RefreshToken);
        }

        await Eventually.MatchAsync(() => admin.CountAsync("SELECT count(*) FROM admin.outbox_messages WHERE published_at IS NULL"), pending => pending == 0);
        proxy.Latency = OneWay;

        var budgets = new (string Name, int RoundTrips, Func<Task<HttpResponseMessage>> Call)[]
        {
            ("GET account", 1, () => owner.GetAsync($"/api/accounts/{account.Id}")),
            ("GET accounts page", 1, () => admin.Client.GetAsync("/api/accounts?pageSize=20")),
            ("GET users", 1, () => owner.GetAsync($"/api/accounts/{account.Id}/users")),
            ("GET user", 1, () => owner.GetAsync($"/api/accounts/{account.Id}/users/{userId}")),
            ("GET plans", 1, () => owner.GetAsync("/api/plans")),
            ("GET audit page", 1, () => owner.GetAsync("/api/audit?pageSize=20")),
            ("GET settings", 1, () => owner.GetAsync($"/api/accounts/{account.Id}/settings")),
            ("GET modules", 1, () => owner.GetAsync("/api/modules")),
            ("POST login", 3, () => admin.AnonymousClient().PostAsJsonAsync("/api/auth/login", new { email, password = "uma senha bem longa" })),
            ("POST refresh", 4, () => admin.AnonymousClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refreshTokens.Dequeue() })),
        };

        foreach (var (name, budget, call) in budgets)
        {
            (await call()).Dispose();
            proxy.ResetRoundTrips();
            var clock = Stopwatch.StartNew();
            using var response = await call();
            clock.Stop();
            Assert.True(response.IsSuccessStatusCode, $"{name} answered {response.StatusCode}");
            output.WriteLine($"{name,-20} {(int)response.StatusCode} {proxy.RoundTrips} round trips {clock.ElapsedMilliseconds,5} ms at {OneWay.TotalMilliseconds * 2} ms per round trip");
            Assert.True(proxy.RoundTrips <= budget, $"{name} took {proxy.RoundTrips} round trips; its budget is {budget}");
        }
    }

    private static async Task<string> EmailOfAsync(HttpClient client)
    {
        var me = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/me");
        var users = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/accounts/{me.GetProperty("accountId").GetGuid()}/users");
        return users[0].GetProperty("email").GetString()!;
    }
}
