using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Platform.Replication.Tests;

/// <summary>A Replication service of the test's own: temporary watch, replica and restore folders and a token authority.</summary>
public sealed class ReplicationService : IAsyncDisposable
{
    private ReplicationService(string root, TestTokenIssuer tokens, TestVirtualHost vhost, Dictionary<string, string?> settings)
    {
        Root = root;
        Tokens = tokens;
        VirtualHost = vhost;
        Settings = settings;
        Factory = new ServiceFactory<Program>(settings);
    }

    public string Root { get; }

    public string WatchFolder => Path.Combine(Root, "tenants");

    public string RestoreFolder => Path.Combine(Root, "restores");

    public TestTokenIssuer Tokens { get; }

    /// <summary>The service's own RabbitMQ virtual host, where a test publishes Admin's events.</summary>
    public TestVirtualHost VirtualHost { get; }

    public Dictionary<string, string?> Settings { get; }

    public ServiceFactory<Program> Factory { get; }

    public IConfiguration Configuration => new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();

    public static async Task<ReplicationService> StartAsync(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "replication-service", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "tenants"));
        var tokens = await TestTokenIssuer.StartAsync();
        var vhost = await TestVirtualHost.CreateAsync();
        var service = new ReplicationService(root, tokens, vhost, new Dictionary<string, string?>
        {
            ["Auth:Authority"] = tokens.Authority,
            ["ConnectionStrings:messaging"] = vhost.AmqpUri,
            ["Replication:WatchFolders:0"] = Path.Combine(root, "tenants"),
            ["Replication:ReplicaFolder"] = Path.Combine(root, "replicas"),
            ["Replication:RestoreFolder"] = Path.Combine(root, "restores"),
            ["Replication:SyncInterval"] = "00:00:00.200",
            ["Replication:DiscoveryInterval"] = "00:00:00.200",
            // The tests poll the per-tenant routes every 100 ms; the production default (60 a minute) would refuse them.
            ["Replication:RequestsPerMinutePerTenant"] = "100000",
        });
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            service.Settings[key] = value;
        }

        service.Factory.CreateClient().Dispose();
        return service;
    }

    public HttpClient OperatorClient()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Issue(null, "superadmin"));
        return client;
    }

    /// <summary>A tenant database with <paramref name="rows"/> rows, in WAL mode as Catalog keeps its files.</summary>
    public static async Task WriteRowsAsync(string path, int from, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);";
        await command.ExecuteNonQueryAsync();
        for (var i = from; i < from + count; i++)
        {
            command.CommandText = $"INSERT INTO items (id, name) VALUES ({i}, 'item {i}')";
            await command.ExecuteNonQueryAsync();
        }
    }

    public static async Task<List<string>> RowsAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id || ':' || name FROM items ORDER BY id";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Tokens.DisposeAsync();
        await VirtualHost.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
