using System.Net.Http.Json;
using Npgsql;
using Platform.Admin.Accounts;
using Platform.Admin.Apis;

namespace Platform.Admin.Tests;

/// <summary>Admin on a database of the test's own, reached through the transaction pooler as Neon's pooled endpoint.</summary>
public sealed class AdminFixture : IAsyncLifetime, IAsyncDisposable
{
    private static int cnpjSequence = Random.Shared.Next(1_000_000);
    public const string OperatorEmail = "root@platform.test";
    public const string OperatorPassword = "correct horse battery staple";

    private TestDatabase database = null!;
    private ServiceFactory<Program> service = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    public NpgsqlDataSource Database { get; private set; } = null!;

    /// <summary>Logged in as the platform operator.</summary>
    public HttpClient Client { get; private set; } = null!;

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Serve over a real loopback socket (Kestrel), so requests have a client address.</summary>
    public bool Kestrel { get; set; }

    /// <summary>Lets a test route Admin's database connection, e.g. through a <see cref="TcpProxy"/>.</summary>
    public Func<string, string> DatabaseRoute { get; set; } = connectionString => connectionString;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("admin");
        VirtualHost = await TestVirtualHost.CreateAsync();
        Database = database.CreateDataSource();
        Settings["ConnectionStrings:admindb"] = DatabaseRoute(database.PooledConnectionString);
        Settings["ConnectionStrings:messaging"] = VirtualHost.AmqpUri;
        Settings["Auth:SuperadminEmail"] = OperatorEmail;
        Settings["Auth:SuperadminPassword"] = OperatorPassword;
        service = new ServiceFactory<Program>(Settings);
        if (Kestrel)
        {
            service.UseKestrel(0);
        }

        Client = await ClientAsAsync(OperatorEmail, OperatorPassword);
    }

    public HttpClient AnonymousClient() => service.CreateClient();

    public HttpClient ClientWithToken(string accessToken)
    {
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        return client;
    }

    public async Task<TokenResponse> LoginAsync(string email, string password)
    {
        using var anonymous = AnonymousClient();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.True(response.IsSuccessStatusCode, $"login of {email} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    public async Task<HttpClient> ClientAsAsync(string email, string password) => ClientWithToken((await LoginAsync(email, password)).AccessToken);

    /// <summary>Adds a user to an account as the platform operator and returns a client logged in as them.</summary>
    public async Task<(HttpClient Client, Guid UserId)> UserAsync(Guid accountId, params string[] roles)
    {
        var email = $"user-{Guid.NewGuid():N}@loja.com.br";
        const string password = "uma senha bem longa";
        using var response = await Client.PostAsJsonAsync($"/api/accounts/{accountId}/users", new { email, name = "Fulano", cpf = NewCpf(), password, roles });
        Assert.True(response.IsSuccessStatusCode, $"adding a user answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<UserResponse>(Json.Options))!.Id;
        return (await ClientAsAsync(email, password), id);
    }

    /// <summary>A valid CPF no other test in this run uses.</summary>
    public static string NewCpf()
    {
        var digits = $"{Interlocked.Increment(ref cnpjSequence) % 1_000_000_000:D9}";
        for (var length = 9; length < 11; length++)
        {
            var sum = 0;
            for (var i = 0; i < length; i++)
            {
                sum += (digits[i] - '0') * (length + 1 - i);
            }

            var remainder = sum * 10 % 11;
            digits += remainder == 10 ? 0 : remainder;
        }

        return digits;
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

    public async Task<AccountResponse> CreateAccountAsync(
        Guid planId, string databaseType = "sqlite", string? cnpj = null, string[]? modules = null, string? template = null)
    {
        using var response = await Client.PostAsJsonAsync("/api/accounts", new
        {
            companyName = "Loja do Teste Ltda",
            cnpj = cnpj ?? NewCnpj(),
            contactEmail = "Dono@Loja.com.br",
            planId,
            modules = modules ?? ["catalog", "inventory", "orders"],
            databaseType,
            template,
        });
        Assert.True(response.IsSuccessStatusCode, $"opening an account answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AccountResponse>(Json.Options))!;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

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
