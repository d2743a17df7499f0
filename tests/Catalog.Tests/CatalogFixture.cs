using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Catalog.Stores;
using Platform.Catalog.Stores.Sqlite;
using Platform.Catalog.Tenants;
using Platform.Contracts.Admin;
using Platform.Contracts.Catalog;

namespace Platform.Catalog.Tests;

/// <summary>
/// Catalog on a database and virtual host of the test's own, with a bus that watches its events.
/// <see cref="Settings"/> may be changed before <see cref="InitializeAsync"/>; more instances share the database.
/// </summary>
public sealed class CatalogFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly List<ServiceFactory<Program>> instances = [];
    private readonly Dictionary<Guid, StoreKind> stores = [];
    private TestDatabase database = null!;

    /// <summary>The SQLite tenants' folder, the test's own.</summary>
    public string SqliteDirectory { get; } = Path.Combine(Path.GetTempPath(), "catalog-tests", Guid.NewGuid().ToString("N"));

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public TestTokenIssuer Tokens { get; private set; } = null!;

    /// <summary>The test's own buckets on the shared S3-compatible server.</summary>
    public TestBuckets Buckets { get; } = TestBuckets.Create("catalog");

    /// <summary>The test's own key prefix on the shared Redis.</summary>
    public TestRedis Redis { get; private set; } = null!;

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
        Redis = await TestRedis.CreateAsync("catalog");
        foreach (var (key, value) in Redis.Settings)
        {
            Settings.TryAdd(key, value);
        }
        foreach (var (key, value) in Buckets.Settings)
        {
            Settings.TryAdd(key, value);
        }

        Settings["Auth:Authority"] = Tokens.Authority;
        Settings["ConnectionStrings:catalogdb"] = database.ConnectionString;
        Settings["ConnectionStrings:messaging"] = MessagingAddress(VirtualHost);
        Settings["Catalog:Sqlite:DataDirectory"] = SqliteDirectory;
        StartInstance();
    }

    /// <summary>
    /// Another instance of the service on the same servers; <paramref name="kestrel"/> serves it on a real loopback port
    /// (what the in-memory server does not do: enforce Kestrel's limits, such as request body sizes).
    /// </summary>
    public ServiceFactory<Program> StartInstance(bool kestrel = false)
    {
        var instance = new ServiceFactory<Program>(Settings);
        if (kestrel)
        {
            instance.UseKestrel(0);
        }

        instance.CreateClient().Dispose();
        instances.Add(instance);
        return instance;
    }

    /// <summary>A client acting as a user of <paramref name="tenantId"/> with <paramref name="role"/> (owner, admin or staff).</summary>
    public HttpClient ClientFor(Guid tenantId, string role = "owner", int instance = 0)
    {
        var client = instances[instance].CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Issue(tenantId, role));
        return client;
    }

    public HttpClient AnonymousClient() => instances[0].CreateClient();

    /// <summary>Waits until the service's consumers are bound: an event published before that would find no queue.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        using var client = AnonymousClient();
        // Degraded also answers 200, so the report's own status is what counts.
        await Eventually.MatchAsync(
            async () => System.Text.Json.JsonDocument.Parse(await (await client.GetAsync("/health")).Content.ReadAsStringAsync())
                .RootElement.GetProperty("status").GetString(),
            status => status == "Healthy",
            what: "Catalog healthy");
    }

    /// <summary>Provisions a tenant as Admin's event would, through the consumer's own code path.</summary>
    public async Task<Guid> ProvisionAsync(StoreKind store, int maxProducts = 1000, Guid? tenantId = null)
    {
        var tenant = tenantId ?? Guid.NewGuid();
        await Provisioning.ProvisionAsync(Provisioned(tenant, store, maxProducts), CancellationToken.None);
        stores[tenant] = store;
        return tenant;
    }

    public static TenantProvisioned Provisioned(Guid tenant, StoreKind store, int maxProducts) => new(
        Guid.NewGuid(),
        DateTimeOffset.UtcNow,
        tenant,
        $"Loja {tenant:N}",
        store.ToString().ToLowerInvariant(),
        store == StoreKind.Sqlite ? new Dictionary<string, string> { ["file"] = $"{tenant}.db" } : new Dictionary<string, string> { ["database"] = "catalogdb" },
        Guid.NewGuid(),
        maxProducts,
        10,
        ["catalog", "orders"]);

    public TenantProvisioning Provisioning => Services.GetRequiredService<TenantProvisioning>();

    /// <summary>The first instance's services.</summary>
    public IServiceProvider Services => instances[0].Services;

    public string SqlitePathOf(Guid tenant) => instances[0].Services.GetRequiredService<SqliteTenantDatabases>().PathOf(tenant);

    /// <summary>Products stored for <paramref name="tenant"/>, deleted or not, read straight from its store.</summary>
    public Task<long> StoredProductsAsync(Guid tenant) => stores[tenant] == StoreKind.Sqlite
        ? CountInFileAsync(tenant, "SELECT count(*) FROM products")
        : CountAsync($"SELECT count(*) FROM catalog.products WHERE tenant_id = '{tenant}'");

    /// <summary>Integration events in <paramref name="tenant"/>'s outbox: all of them, or only those not yet published.</summary>
    public Task<long> OutboxMessagesAsync(Guid tenant, bool pendingOnly = false) => stores[tenant] == StoreKind.Sqlite
        ? CountInFileAsync(tenant, "SELECT count(*) FROM outbox_messages" + (pendingOnly ? " WHERE published_at IS NULL" : ""))
        : CountAsync($"SELECT count(*) FROM catalog.outbox_messages WHERE payload->>'tenantId' = '{tenant}'" +
            (pendingOnly ? " AND published_at IS NULL" : ""));

    /// <summary>Categories stored for <paramref name="tenant"/>, read straight from its store.</summary>
    public Task<long> StoredCategoriesAsync(Guid tenant) => stores[tenant] == StoreKind.Sqlite
        ? CountInFileAsync(tenant, "SELECT count(*) FROM categories")
        : CountAsync($"SELECT count(*) FROM catalog.categories WHERE tenant_id = '{tenant}'");

    /// <summary>The events in <paramref name="tenant"/>'s outbox in commit order: each one's type name ("ProductUpdated") and payload.</summary>
    public async Task<List<(string Type, JsonElement Payload)>> OutboxEventsAsync(Guid tenant)
    {
        var events = new List<(string, JsonElement)>();
        if (stores[tenant] == StoreKind.Sqlite)
        {
            await using var connection = new SqliteConnection($"Data Source={SqlitePathOf(tenant)};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = new SqliteCommand("SELECT message_type, payload FROM outbox_messages ORDER BY sequence", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                events.Add((ShortName(reader.GetString(0)), JsonDocument.Parse(reader.GetString(1)).RootElement));
            }

            return events;
        }

        await using var select = Database.CreateCommand(
            $"SELECT message_type, payload::text FROM catalog.outbox_messages WHERE payload->>'tenantId' = '{tenant}' ORDER BY sequence");
        await using var rows = await select.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            events.Add((ShortName(rows.GetString(0)), JsonDocument.Parse(rows.GetString(1)).RootElement));
        }

        return events;
    }

    private static string ShortName(string type) => type[(type.LastIndexOf('.') + 1)..];

    /// <summary>The store the service would use for <paramref name="tenant"/>.</summary>
    public async Task<ICatalogStore> StoreOfAsync(Guid tenant)
    {
        var registration = await instances[0].Services.GetRequiredService<ITenantRegistry>().FindAsync(tenant, CancellationToken.None);
        return instances[0].Services.GetRequiredService<ICatalogStoreFactory>().For(registration!);
    }

    /// <summary>Runs <paramref name="sql"/> against the tenant's store as a test's back door (rows no API writes yet).</summary>
    public async Task ExecuteInStoreAsync(Guid tenant, string postgresSql, string sqliteSql)
    {
        if (stores[tenant] == StoreKind.Sqlite)
        {
            await using var connection = new SqliteConnection($"Data Source={SqlitePathOf(tenant)};Mode=ReadWrite;Pooling=False");
            await connection.OpenAsync();
            await using var command = new SqliteCommand(sqliteSql, connection);
            await command.ExecuteNonQueryAsync();
            return;
        }

        await using var postgres = Database.CreateCommand(postgresSql.Replace("@tenant", $"'{tenant}'", StringComparison.Ordinal));
        await postgres.ExecuteNonQueryAsync();
    }

    private async Task<long> CountInFileAsync(Guid tenant, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={SqlitePathOf(tenant)};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

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
        await Redis.DisposeAsync();
        await Buckets.DisposeAsync();
        await Database.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(SqliteDirectory))
        {
            Directory.Delete(SqliteDirectory, recursive: true);
        }
    }
}
