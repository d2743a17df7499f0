using System.Net;

namespace Platform.Replication.Tests;

public sealed class ReplicationHostTests
{
    [Fact]
    public async Task Replication_answers_health_liveness_and_its_api_description()
    {
        await using var replication = new ServiceFactory<Program>(new Dictionary<string, string?>());
        using var client = replication.CreateClient();

        foreach (var path in new[] { "/health", "/alive", "/openapi/v1.json", "/swagger/index.html" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {response.StatusCode}");
        }
    }
}
