using System.Net;
using Platform.ServiceDefaults.Configuration;

namespace Platform.Replication.Tests;

public sealed class ReplicationHostTests
{
    [Fact]
    public async Task Replication_answers_health_liveness_and_its_api_description()
    {
        await using var service = await ReplicationService.StartAsync();
        using var client = service.Factory.CreateClient();
        // Healthy once its bus is connected to RabbitMQ.
        await Eventually.MatchAsync(async () => (await client.GetAsync("/health")).StatusCode, status => status == HttpStatusCode.OK, what: "healthy");

        foreach (var path in new[] { "/health", "/alive", "/openapi/v1.json", "/swagger/index.html" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_configuration_that_cannot_run_fails_at_start_naming_every_offending_key()
    {
        await using var factory = new ServiceFactory<Program>(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = "http://127.0.0.1:9/",
            ["Replication:SyncInterval"] = "00:00:00.001",
            ["Replication:MaxConcurrentOpens"] = "0",
        });

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = (failure as MissingConfigurationException ?? failure.InnerException as MissingConfigurationException ?? throw failure).Message;
        Assert.Contains("Replication:WatchFolders", message);
        Assert.Contains("Replication:ReplicaFolder", message);
        Assert.Contains("Replication:SyncInterval", message);
        Assert.Contains("Replication:MaxConcurrentOpens", message);
    }
}
