extern alias admin;
extern alias catalog;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdminProgram = admin::Program;
using CatalogProgram = catalog::Program;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// A shop's account created through Admin's API reaches Catalog with no other call: its store is provisioned (a SQLite
/// file of its own, or rows in the shared database), its plan's limit holds there and its suspension stops it there.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AccountToStoreTests : IAsyncLifetime
{
    private const string OperatorEmail = "root@platform.test";
    private const string OperatorPassword = "correct horse battery staple";

    private readonly string sqliteDirectory = Path.Combine(Path.GetTempPath(), "e2e-tenants", Guid.NewGuid().ToString("N"));
    private TestDatabase adminDatabase = null!;
    private TestDatabase catalogDatabase = null!;
    private TestVirtualHost vhost = null!;
    private TestTokenIssuer tokens = null!;
    private ServiceFactory<AdminProgram> adminService = null!;
    private ServiceFactory<CatalogProgram> catalogService = null!;
    private HttpClient operatorClient = null!;

    public async Task InitializeAsync()
    {
        adminDatabase = await TestDatabase.CreateAsync("e2e_admin");
        catalogDatabase = await TestDatabase.CreateAsync("e2e_catalog");
        vhost = await TestVirtualHost.CreateAsync();
        tokens = await TestTokenIssuer.StartAsync();
        catalogService = new ServiceFactory<CatalogProgram>(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = tokens.Authority,
            ["ConnectionStrings:catalogdb"] = catalogDatabase.ConnectionString,
            ["ConnectionStrings:messaging"] = vhost.AmqpUri,
            ["Catalog:Sqlite:DataDirectory"] = sqliteDirectory,
        });
        adminService = new ServiceFactory<AdminProgram>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:admindb"] = adminDatabase.PooledConnectionString,
            ["ConnectionStrings:messaging"] = vhost.AmqpUri,
            ["Auth:SuperadminEmail"] = OperatorEmail,
            ["Auth:SuperadminPassword"] = OperatorPassword,
        });

        // Catalog's queue must be bound before Admin publishes, as in a running platform.
        using var catalogClient = catalogService.CreateClient();
        await Eventually.MatchAsync(
            async () => JsonDocument.Parse(await (await catalogClient.GetAsync("/health")).Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString(),
            status => status == "Healthy",
            what: "Catalog healthy");

        operatorClient = adminService.CreateClient();
        using var login = await operatorClient.PostAsJsonAsync("/api/auth/login", new { email = OperatorEmail, password = OperatorPassword });
        login.EnsureSuccessStatusCode();
        var accessToken = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
        operatorClient.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
    }

    public async Task DisposeAsync()
    {
        operatorClient.Dispose();
        await adminService.DisposeAsync();
        await catalogService.DisposeAsync();
        await tokens.DisposeAsync();
        await vhost.DisposeAsync();
        await adminDatabase.DisposeAsync();
        await catalogDatabase.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(sqliteDirectory))
        {
            Directory.Delete(sqliteDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_account_created_in_Admin_gets_its_store_in_Catalog_with_its_plans_limit_and_status(string databaseType)
    {
        var planId = await CreatePlanAsync(maxProducts: 2);
        var accountId = await CreateAccountAsync(planId, databaseType);
        using var shop = catalogService.CreateClient();
        shop.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Issue(accountId, "owner"));

        await Eventually.MatchAsync(
            async () => (await shop.GetAsync($"/api/tenants/{accountId}/figures")).StatusCode,
            status => status == HttpStatusCode.OK,
            what: "the tenant's store ready in Catalog");

        var file = Path.Combine(sqliteDirectory, $"{accountId}.db");
        Assert.Equal(databaseType == "sqlite", File.Exists(file));

        Assert.Equal(HttpStatusCode.Created, await CreateProductAsync(shop, "Um"));
        Assert.Equal(HttpStatusCode.Created, await CreateProductAsync(shop, "Dois"));
        Assert.Equal(HttpStatusCode.Conflict, await CreateProductAsync(shop, "Três: acima do plano"));

        using var suspended = await operatorClient.PostAsJsonAsync($"/api/accounts/{accountId}/suspend", new { reason = "inadimplente" });
        Assert.True(suspended.IsSuccessStatusCode, await suspended.Content.ReadAsStringAsync());
        await Eventually.MatchAsync(
            async () => (await shop.GetAsync($"/api/tenants/{accountId}/figures")).StatusCode,
            status => status == HttpStatusCode.Forbidden,
            what: "the suspension applied in Catalog");
    }

    private async Task<Guid> CreatePlanAsync(int maxProducts)
    {
        using var response = await operatorClient.PostAsJsonAsync("/api/plans", new
        {
            name = $"Plano {Guid.NewGuid():N}",
            priceCents = 4900,
            billingCycle = "monthly",
            maxProducts,
            maxUsers = 3,
            features = Array.Empty<string>(),
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }

    private async Task<Guid> CreateAccountAsync(Guid planId, string databaseType)
    {
        using var response = await operatorClient.PostAsJsonAsync("/api/accounts", new
        {
            companyName = "Loja Ponta a Ponta Ltda",
            cnpj = NewCnpj(),
            contactEmail = "dono@loja.com.br",
            planId,
            modules = new[] { "inventory", "orders" },
            databaseType,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }

    private static string NewCnpj()
    {
        var digits = $"{Random.Shared.Next(100_000_000):D8}0001";
        return digits + admin::Platform.Admin.Accounts.Cnpj.CheckDigitsFor(digits);
    }

    private static async Task<HttpStatusCode> CreateProductAsync(HttpClient shop, string name)
    {
        using var response = await shop.PostAsJsonAsync("/api/products", new { name, priceCents = 1000 });
        return response.StatusCode;
    }
}
