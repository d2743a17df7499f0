using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Catalog.Tenants;
using Platform.Contracts.Admin;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

/// <summary>Admin's tenant events, delivered over the real broker, provision and change the tenant's store.</summary>
public sealed class TenantEventsTests : IAsyncLifetime
{
    private readonly CatalogFixture catalog = new();

    public async Task InitializeAsync()
    {
        await catalog.InitializeAsync();
        await catalog.WaitUntilHealthyAsync();
    }

    public Task DisposeAsync() => catalog.DisposeAsync();

    [Fact]
    public async Task A_sqlite_tenant_provisioned_over_the_broker_gets_its_own_migrated_WAL_file()
    {
        var tenant = Guid.NewGuid();
        var provisioned = CatalogFixture.Provisioned(tenant, StoreKind.Sqlite, maxProducts: 10) with
        {
            // The file is always named by the tenant id; a name in the message never becomes a path.
            DatabaseConfig = new Dictionary<string, string> { ["file"] = "../../elsewhere.db" },
        };

        await catalog.Events.PublishAsync(provisioned);
        await catalog.Events.PublishAsync(provisioned);

        using var client = catalog.ClientFor(tenant);
        await Eventually.MatchAsync(
            async () => (await client.PostAsJsonAsync("/api/products", new { name = "Primeiro", priceCents = 100 })).StatusCode,
            status => status == HttpStatusCode.Created,
            what: "tenant provisioned from the event");

        var file = catalog.SqlitePathOf(tenant);
        Assert.Equal(Path.Combine(catalog.SqliteDirectory, $"{tenant}.db"), file);
        Assert.Single(Directory.GetFiles(catalog.SqliteDirectory, "*.db"));
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal("0001_catalog,0002_categories_products", await ScalarAsync(connection, "SELECT group_concat(version, ',') FROM (SELECT version FROM schema_migrations ORDER BY version)"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM products"));
    }

    [Fact]
    public async Task A_postgres_tenant_provisioned_over_the_broker_is_registered_once_and_creates_no_file()
    {
        var tenant = Guid.NewGuid();
        var provisioned = CatalogFixture.Provisioned(tenant, StoreKind.Postgres, maxProducts: 10);

        await catalog.Events.PublishAsync(provisioned);
        await catalog.Events.PublishAsync(provisioned with { Id = Guid.NewGuid() });

        await Eventually.MatchAsync(
            () => catalog.CountAsync($"SELECT count(*) FROM catalog.tenants WHERE tenant_id = '{tenant}' AND store = 'postgres'"),
            count => count == 1,
            what: "tenant registered");
        Assert.False(Directory.Exists(catalog.SqliteDirectory) && Directory.GetFiles(catalog.SqliteDirectory).Length > 0);
    }

    [Fact]
    public async Task A_suspension_delivered_before_its_provisioning_is_applied_once_the_tenant_exists()
    {
        var tenant = Guid.NewGuid();
        var provisioned = CatalogFixture.Provisioned(tenant, StoreKind.Postgres, maxProducts: 10);

        await catalog.Events.PublishAsync(new TenantSuspended(Guid.NewGuid(), provisioned.OccurredAt.AddSeconds(1), tenant, "unpaid"));
        await Task.Delay(200);
        await catalog.Events.PublishAsync(provisioned);

        await Eventually.MatchAsync(
            () => catalog.CountAsync($"SELECT count(*) FROM catalog.tenants WHERE tenant_id = '{tenant}' AND status = 'suspended'"),
            count => count == 1,
            TimeSpan.FromSeconds(60),
            "suspension applied after provisioning");
    }

    [Fact]
    public async Task A_tenant_catalog_never_heard_of_is_a_404_problem_saying_so()
    {
        using var client = catalog.ClientFor(Guid.NewGuid());

        using var response = await client.PostAsJsonAsync("/api/products", new { name = "Órfão", priceCents = 100 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.TenantNotProvisioned, problem.RootElement.GetProperty("type").GetString());
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = new SqliteCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
