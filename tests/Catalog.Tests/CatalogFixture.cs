using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Contracts.Catalog;

namespace Platform.Catalog.Tests;

/// <summary>
/// Catalog on a database and virtual host of the test's own, with a bus that watches its events.
/// <see cref="Settings"/> may be changed before <see cref="InitializeAsync"/>; more instances share the database.
/// </summary>
public sealed class CatalogFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly List<ServiceFactory<Program>> instances = [];
    private TestDatabase database = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public TestTokenIssuer Tokens { get; private set; } = null!;

    public TestBus<ProductCreated> Events { get; private set; } = null!;

    public NpgsqlDataSource Database { get; private set; } = null!;

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Lets a test route the service's broker connection, e.g. through a <see cref="TcpProxy"/>.</summary>
    public Func<TestVirtualHost, string> MessagingAddress { get; set; } = vhost => vhost.AmqpUri;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("catalog");
        VirtualHost = await TestVirtualHost.CreateAsync();
        Database = database.CreateDataSource();
        Events = await TestBus<ProductCreated>.StartAsync(VirtualHost.AmqpUri);
        Tokens = await TestTokenIssuer.StartAsync();
        Settings["Auth:Authority"] = Tokens.Authority;
        Settings["ConnectionStrings:catalogdb"] = database.ConnectionString;
        Settings["ConnectionStrings:messaging"] = MessagingAddress(VirtualHost);
        StartInstance();
    }

    public ServiceFactory<Program> StartInstance()
    {
        var instance = new ServiceFactory<Program>(Settings);
        instance.CreateClient().Dispose();
        instances.Add(instance);
        return instance;
    }

    public HttpClient ClientFor(Guid tenantId, int instance = 0)
    {
        var client = instances[instance].CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Issue(tenantId));
        return client;
    }

    public HttpClient AnonymousClient() => instances[0].CreateClient();

    public AsyncServiceScope CreateScope() => instances[0].Services.CreateAsyncScope();

    public async Task<long> CountAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }

        await Events.DisposeAsync();
        await Tokens.DisposeAsync();
        await Database.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await database.DisposeAsync();
    }
}
