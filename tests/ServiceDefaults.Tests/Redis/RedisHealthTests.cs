using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Redis;

namespace Platform.ServiceDefaults.Tests.Redis;

public sealed class RedisHealthTests
{
    [Fact]
    public async Task Health_names_redis_healthy_when_it_answers()
    {
        await using var redis = await TestRedis.CreateAsync("health");
        await using var probe = await ProbeApp.StartAsync(redis.Settings, builder => builder.AddPlatformRedis());

        var health = await Eventually.MatchAsync(() => ReadHealthAsync(probe.Client), report => report.Checks["redis"] == "Healthy", what: "redis healthy");

        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal("Healthy", health.Overall);
    }

    [Fact]
    public async Task A_service_starts_with_redis_down_answers_health_200_degraded_and_turns_healthy_when_redis_comes_up()
    {
        await using var server = await DisposableRedisServer.StartAsync(running: false);
        await using var probe = await ProbeApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:redis"] = server.ConnectionString },
            builder => builder.AddPlatformRedis());

        var degraded = await ReadHealthAsync(probe.Client);
        Assert.Equal(HttpStatusCode.OK, degraded.Status);
        Assert.Equal("Degraded", degraded.Overall);
        Assert.Equal("Degraded", degraded.Checks["redis"]);
        using (var alive = await probe.Client.GetAsync("/alive"))
        {
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }

        await server.StartAsync();

        var healthy = await Eventually.MatchAsync(() => ReadHealthAsync(probe.Client), report => report.Overall == "Healthy", what: "healthy after Redis started");
        Assert.Equal("Healthy", healthy.Checks["redis"]);
    }

    [Fact]
    public async Task A_frozen_redis_degrades_health_instead_of_hanging_it()
    {
        await using var server = await DisposableRedisServer.StartAsync();
        await using var probe = await ProbeApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:redis"] = server.ConnectionString, ["Redis:OperationTimeout"] = "00:00:00.300" },
            builder => builder.AddPlatformRedis());
        await Eventually.MatchAsync(() => ReadHealthAsync(probe.Client), report => report.Overall == "Healthy", what: "healthy first");

        server.Pause();
        var frozen = await ReadHealthAsync(probe.Client).WaitAsync(TimeSpan.FromSeconds(30));
        server.Resume();

        Assert.Equal(HttpStatusCode.OK, frozen.Status);
        Assert.Equal("Degraded", frozen.Checks["redis"]);
    }

    [Fact]
    public async Task The_key_prefix_defaults_to_the_application_name_and_a_missing_connection_string_names_the_variable()
    {
        await using (var probe = await ProbeApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:redis"] = TestEnvironment.Redis },
            builder => builder.AddPlatformRedis()))
        {
            var connection = probe.App.Services.GetService(typeof(RedisConnection)) as RedisConnection;
            Assert.Equal(probe.App.Environment.ApplicationName, connection!.KeyPrefix);
        }

        var failure = await Assert.ThrowsAsync<MissingConfigurationException>(() => ProbeApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:redis"] = null },
            builder => builder.AddPlatformRedis()));
        Assert.Contains("ConnectionStrings__redis", failure.Message);
    }

    private static async Task<Health> ReadHealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(check => check.Name, check => check.Value.GetProperty("status").GetString()!);
        return new Health(response.StatusCode, body.RootElement.GetProperty("status").GetString()!, checks);
    }

    private sealed record Health(HttpStatusCode Status, string Overall, Dictionary<string, string> Checks)
    {
        public override string ToString() => $"{Status} {Overall}: {string.Join(", ", Checks.Select(check => $"{check.Key}={check.Value}"))}";
    }
}
