using System.Net.Http.Json;
using Npgsql;
using Platform.Admin.Accounts;
using Platform.Admin.Apis;

namespace Platform.Admin.Tests;

/// <summary>Admin on a database of the test's own, reached through the transaction pooler as Neon's pooled endpoint.</summary>
public sealed class AdminFixture : IAsyncLifetime
{
    private static int cnpjSequence = Random.Shared.Next(1_000_000);
    private TestDatabase database = null!;
    private ServiceFactory<Program> service = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public NpgsqlDataSource Database { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("admin");
        VirtualHost = await TestVirtualHost.CreateAsync();
        Database = database.CreateDataSource();
        service = new ServiceFactory<Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:admindb"] = database.PooledConnectionString,
            ["ConnectionStrings:messaging"] = VirtualHost.AmqpUri,
        });
        Client = service.CreateClient();
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A CNPJ no other test uses, with valid check digits.</summary>
    public static string NewCnpj()
    {
        var baseDigits = $"{Interlocked.Increment(ref cnpjSequence) % 100_000_000:D8}0001";
        return baseDigits + Cnpj.CheckDigitsFor(baseDigits);
    }

    public async Task<Guid> CreatePlanAsync(int maxProducts = 100, int maxUsers = 5)
    {
        using var response = await Client.PostAsJsonAsync("/api/plans", new
        {
            name = $"Plano {Guid.NewGuid():N}",
            priceCents = 9900,
            billingCycle = "monthly",
            maxProducts,
            maxUsers,
            features = new[] { "pdv", "multi-store" },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PlanId>())!.Id;
    }

    public async Task<AccountResponse> CreateAccountAsync(Guid planId, string databaseType = "sqlite", string? cnpj = null)
    {
        using var response = await Client.PostAsJsonAsync("/api/accounts", new
        {
            companyName = "Loja do Teste Ltda",
            cnpj = cnpj ?? NewCnpj(),
            contactEmail = "Dono@Loja.com.br",
            planId,
            modules = new[] { "inventory", "orders" },
            databaseType,
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AccountResponse>(Json.Options))!;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await service.DisposeAsync();
        await Database.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await database.DisposeAsync();
    }

    private sealed record PlanId(Guid Id);
}
