extern alias admin;
extern alias catalog;

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AdminProgram = admin::Program;
using CatalogProgram = catalog::Program;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Admin and Catalog as the platform runs them: each on its own loopback port, one broker virtual host, Catalog
/// validating the tokens Admin issues against Admin's JWKS and Admin reading Catalog's figures over HTTP.
/// </summary>
public sealed class AdminAndCatalog : IAsyncDisposable
{
    private const string OperatorEmail = "root@platform.test";
    private const string OperatorPassword = "correct horse battery staple";

    private readonly TestBuckets buckets = TestBuckets.Create("e2e");
    private TestDatabase adminDatabase = null!;
    private TestDatabase catalogDatabase = null!;
    private TestVirtualHost vhost = null!;
    private ServiceFactory<AdminProgram> adminService = null!;
    private ServiceFactory<CatalogProgram> catalogService = null!;

    public string SqliteDirectory { get; } = Path.Combine(Path.GetTempPath(), "e2e-tenants", Guid.NewGuid().ToString("N"));

    public Uri AdminUrl { get; private set; } = null!;

    public Uri CatalogUrl { get; private set; } = null!;

    /// <summary>Admin's API logged in as the platform operator.</summary>
    public HttpClient Operator { get; private set; } = null!;

    public Dictionary<string, string?> AdminSettings { get; } = [];

    public Dictionary<string, string?> CatalogSettings { get; } = [];

    public async Task StartAsync()
    {
        adminDatabase = await TestDatabase.CreateAsync("e2e_admin");
        catalogDatabase = await TestDatabase.CreateAsync("e2e_catalog");
        vhost = await TestVirtualHost.CreateAsync();
        AdminUrl = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        CatalogUrl = new Uri($"http://127.0.0.1:{FreePorts.Next()}");

        CatalogSettings["Auth:Authority"] = AdminUrl.ToString();
        CatalogSettings["ConnectionStrings:catalogdb"] = catalogDatabase.ConnectionString;
        CatalogSettings["ConnectionStrings:messaging"] = vhost.AmqpUri;
        CatalogSettings["Catalog:Sqlite:DataDirectory"] = SqliteDirectory;
        CatalogSettings["ConnectionStrings:redis"] = TestEnvironment.Redis;
        CatalogSettings["Redis:KeyPrefix"] = $"e2e:{Guid.NewGuid():N}";
        foreach (var (key, value) in buckets.Settings)
        {
            CatalogSettings[key] = value;
        }

        AdminSettings["ConnectionStrings:admindb"] = adminDatabase.PooledConnectionString;
        AdminSettings["ConnectionStrings:messaging"] = vhost.AmqpUri;
        AdminSettings["Auth:SuperadminEmail"] = OperatorEmail;
        AdminSettings["Auth:SuperadminPassword"] = OperatorPassword;
        AdminSettings["services:catalog-api:http:0"] = CatalogUrl.ToString();

        catalogService = new ServiceFactory<CatalogProgram>(CatalogSettings);
        catalogService.UseKestrel(CatalogUrl.Port);
        catalogService.StartServer();
        adminService = new ServiceFactory<AdminProgram>(AdminSettings);
        adminService.UseKestrel(AdminUrl.Port);
        adminService.StartServer();

        // Catalog's queue must be bound before Admin publishes, as in a running platform.
        using var catalogClient = new HttpClient { BaseAddress = CatalogUrl };
        await Eventually.MatchAsync(
            async () => JsonDocument.Parse(await (await catalogClient.GetAsync("/health")).Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString(),
            status => status == "Healthy",
            what: "Catalog healthy");

        Operator = await AdminClientAsync(OperatorEmail, OperatorPassword);
    }

    public async Task<Guid> CreatePlanAsync(int maxProducts)
    {
        using var response = await Operator.PostAsJsonAsync("/api/plans", new
        {
            name = $"Plano {Guid.NewGuid():N}",
            priceCents = 4900,
            billingCycle = "monthly",
            maxProducts,
            maxUsers = 3,
            features = Array.Empty<string>(),
        });
        return await IdOfAsync(response);
    }

    public async Task<Guid> CreateAccountAsync(Guid planId, string databaseType, string companyName = "Loja Ponta a Ponta Ltda")
    {
        var cnpjBase = $"{Random.Shared.Next(100_000_000):D8}0001";
        using var response = await Operator.PostAsJsonAsync("/api/accounts", new
        {
            companyName,
            cnpj = cnpjBase + admin::Platform.Admin.Accounts.Cnpj.CheckDigitsFor(cnpjBase),
            contactEmail = "dono@loja.com.br",
            planId,
            modules = new[] { "catalog", "inventory", "orders" },
            databaseType,
        });
        return await IdOfAsync(response);
    }

    /// <summary>Adds an owner to the account and returns Catalog's API logged in as them, once the shop's store is ready.</summary>
    public async Task<HttpClient> ShopOwnerAsync(Guid accountId)
    {
        var email = $"dono-{Guid.NewGuid():N}@loja.com.br";
        const string password = "uma senha bem longa";
        using (var created = await Operator.PostAsJsonAsync($"/api/accounts/{accountId}/users", new { email, name = "Dona", cpf = NewCpf(), password, roles = new[] { "owner" } }))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var shop = new HttpClient { BaseAddress = CatalogUrl };
        shop.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(email, password));
        await Eventually.MatchAsync(
            async () => (await shop.GetAsync($"/api/tenants/{accountId}/figures")).StatusCode,
            status => status == HttpStatusCode.OK,
            what: "the shop's store ready in Catalog");
        return shop;
    }

    public async ValueTask DisposeAsync()
    {
        Operator?.Dispose();
        await adminService.DisposeAsync();
        await catalogService.DisposeAsync();
        await vhost.DisposeAsync();
        await adminDatabase.DisposeAsync();
        await catalogDatabase.DisposeAsync();
        await buckets.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(SqliteDirectory))
        {
            Directory.Delete(SqliteDirectory, recursive: true);
        }
    }

    private async Task<HttpClient> AdminClientAsync(string email, string password)
    {
        var client = new HttpClient { BaseAddress = AdminUrl };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(email, password));
        return client;
    }

    private async Task<string> LoginAsync(string email, string password)
    {
        using var anonymous = new HttpClient { BaseAddress = AdminUrl };
        using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.True(login.IsSuccessStatusCode, await login.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;
    }

    private static async Task<Guid> IdOfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>A valid CPF: random digits completed by whichever check digits Admin's own rule accepts.</summary>
    private static string NewCpf()
    {
        var digits = $"{Random.Shared.Next(1_000_000_000):D9}";
        return Enumerable.Range(0, 100).Select(check => $"{digits}{check:D2}").First(candidate => admin::Platform.Admin.Users.Cpf.TryParse(candidate, out _));
    }
}
