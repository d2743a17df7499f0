namespace Platform.Search.Tests.Elasticsearch;

/// <summary>A test class whose every test gets a fake Elasticsearch of its own on loopback, and a tenant.</summary>
public abstract class FakeElasticsearchTests : IAsyncLifetime
{
    protected static readonly Guid Tenant = Guid.NewGuid();

    protected FakeElasticsearch server = null!;

    public Task InitializeAsync()
    {
        server = FakeElasticsearch.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();
}
