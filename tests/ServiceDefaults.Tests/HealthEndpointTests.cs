using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;
using Platform.TestSupport;

namespace Platform.ServiceDefaults.Tests;

public sealed class HealthEndpointTests
{
    private const string ClosedPort = "127.0.0.1:1";

    [Fact]
    public async Task Alive_and_health_answer_when_every_dependency_is_up()
    {
        await using var database = await TestDatabase.CreateAsync("health");
        await using var vhost = await TestVirtualHost.CreateAsync();
        await using var probe = await ProbeApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:probedb"] = database.ConnectionString,
                ["ConnectionStrings:messaging"] = vhost.AmqpUri,
            },
            builder =>
            {
                builder.AddPlatformPostgres("probedb");
                builder.AddPlatformMessaging();
            });

        using var alive = await probe.Client.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);

        // The bus connects in the background; health turns healthy once it has.
        var health = await Eventually.MatchAsync(
            () => ReadHealthAsync(probe.Client),
            report => report.Status == HttpStatusCode.OK,
            what: "/health healthy");
        Assert.Equal("Healthy", health.Checks["probedb"]);
        Assert.Contains(health.Checks, check => check.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase) && check.Value == "Healthy");
    }

    [Fact]
    public async Task A_broker_that_is_down_makes_health_unhealthy_but_the_service_alive()
    {
        await using var database = await TestDatabase.CreateAsync("health");
        await using var probe = await ProbeApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:probedb"] = database.ConnectionString,
                ["ConnectionStrings:messaging"] = $"amqp://guest:guest@{ClosedPort}",
            },
            builder =>
            {
                builder.AddPlatformPostgres("probedb");
                builder.AddPlatformMessaging();
            });

        var health = await ReadHealthAsync(probe.Client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("Healthy", health.Checks["probedb"]);
        Assert.Contains(health.Checks, check => check.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase) && check.Value != "Healthy");
        using var alive = await probe.Client.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task A_database_that_is_down_makes_health_unhealthy_naming_it()
    {
        await using var probe = await ProbeApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:probedb"] = $"Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z" },
            builder => builder.AddPlatformPostgres("probedb"));

        var health = await ReadHealthAsync(probe.Client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("Unhealthy", health.Checks["probedb"]);
    }

    [Fact]
    public async Task OpenApi_document_and_swagger_ui_are_served()
    {
        await using var probe = await ProbeApp.StartAsync();

        using var document = await probe.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        using var json = JsonDocument.Parse(await document.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", json.RootElement.GetProperty("openapi").GetString());

        using var ui = await probe.Client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger", await ui.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_database_that_is_down_at_start_stops_the_service_naming_it()
    {
        var start = ProbeApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:probedb"] = "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=shopdb",
                ["Migrations:StartupTimeout"] = "00:00:02",
            },
            builder =>
            {
                builder.AddPlatformPostgres("probedb");
                builder.AddPostgresMigrations("probe", typeof(HealthEndpointTests).Assembly);
            });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => start.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("'shopdb' at 127.0.0.1:1", failure.Message);
    }

    private static async Task<HealthReport> ReadHealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(check => check.Name, check => check.Value.GetProperty("status").GetString()!);
        return new HealthReport(response.StatusCode, checks);
    }

    private sealed record HealthReport(HttpStatusCode Status, Dictionary<string, string> Checks)
    {
        public override string ToString() => $"{Status}: {string.Join(", ", Checks.Select(check => $"{check.Key}={check.Value}"))}";
    }
}
