using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults.Configuration;

namespace Platform.Admin.Tests;

public sealed class AdminHostTests
{
    [Fact]
    public async Task Admin_is_healthy_through_the_pooled_endpoint_and_the_broker()
    {
        await using var database = await TestDatabase.CreateAsync("admin");
        await using var vhost = await TestVirtualHost.CreateAsync();
        await using var admin = new ServiceFactory<Program>(new Dictionary<string, string?>
        {
            // Behind pgbouncer in transaction mode, as Neon's pooled endpoint.
            ["ConnectionStrings:admindb"] = database.PooledConnectionString,
            ["ConnectionStrings:messaging"] = vhost.AmqpUri,
        });
        using var client = admin.CreateClient();

        var health = await Eventually.MatchAsync(
            async () =>
            {
                using var response = await client.GetAsync("/health");
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            },
            result => result.StatusCode == HttpStatusCode.OK,
            what: "Admin healthy");

        using var report = JsonDocument.Parse(health.Body);
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("admindb").GetProperty("status").GetString());
    }

    [Fact]
    public void Admin_without_its_database_refuses_to_start_naming_the_variable()
    {
        using var admin = new ServiceFactory<Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:admindb"] = "",
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:1",
        });

        var failure = Assert.Throws<MissingConfigurationException>(() => admin.CreateClient());
        Assert.Contains("ConnectionStrings__admindb", failure.Message);
    }
}
