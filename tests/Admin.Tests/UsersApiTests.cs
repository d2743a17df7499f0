using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Admin.Apis;
using Platform.ServiceDefaults.Http;

namespace Platform.Admin.Tests;

public sealed class UsersApiTests : IAsyncLifetime
{
    private readonly AdminFixture admin = new();
    private Guid accountId;
    private HttpClient owner = null!;

    public async Task InitializeAsync()
    {
        await admin.InitializeAsync();
        accountId = (await admin.CreateAccountAsync(await admin.CreatePlanAsync(maxUsers: 4))).Id;
        (owner, _) = await admin.UserAsync(accountId, "owner");
    }

    public async Task DisposeAsync()
    {
        owner.Dispose();
        await admin.DisposeAsync();
    }

    [Fact]
    public async Task An_owner_adds_a_staff_user_who_can_log_in_and_is_listed()
    {
        using var response = await owner.PostAsJsonAsync($"/api/accounts/{accountId}/users", NewUser("staff", email: " Caixa@Loja.com.br "));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<UserResponse>(Json.Options))!;
        Assert.Equal(("caixa@loja.com.br", accountId), (created.Email, created.AccountId!.Value));
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
        await admin.LoginAsync("caixa@loja.com.br", "uma senha bem longa");
        var listed = await owner.GetFromJsonAsync<List<UserResponse>>($"/api/accounts/{accountId}/users", Json.Options);
        Assert.Contains(listed!, user => user.Id == created.Id && user.LastLoginAt is not null);
    }

    [Fact]
    public async Task Invalid_users_are_400_problems_naming_each_field_and_add_nobody()
    {
        using var response = await owner.PostAsJsonAsync($"/api/accounts/{accountId}/users", new
        {
            email = "nope",
            name = "",
            cpf = "123.456.789-00",
            password = "short",
            roles = new[] { "superadmin" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["cpf", "email", "name", "password", "roles"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(1, await admin.CountAsync("SELECT count(*) FROM admin.users WHERE account_id IS NOT NULL"));
    }

    [Fact]
    public async Task A_taken_email_is_a_409_problem()
    {
        var user = NewUser("staff");
        (await owner.PostAsJsonAsync($"/api/accounts/{accountId}/users", user)).EnsureSuccessStatusCode();

        using var again = await owner.PostAsJsonAsync($"/api/accounts/{accountId}/users", user with { Cpf = AdminFixture.NewCpf() });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task The_plans_user_limit_is_a_409_problem_naming_the_limit_even_under_concurrency()
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await owner.PostAsJsonAsync($"/api/accounts/{accountId}/users", NewUser("staff"));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        // The plan allows 4 users and the owner is one of them.
        Assert.Equal(3, statuses.Count(result => result.StatusCode == HttpStatusCode.Created));
        var refused = statuses.Where(result => result.StatusCode != HttpStatusCode.Created).ToList();
        Assert.All(refused, result => Assert.Equal(HttpStatusCode.Conflict, result.StatusCode));
        var problem = JsonDocument.Parse(refused[0].Body).RootElement;
        Assert.Equal(ProblemTypes.PlanLimit, problem.GetProperty("type").GetString());
        Assert.Equal(("max_users", 4), (problem.GetProperty("limit").GetString(), problem.GetProperty("value").GetInt32()));
        Assert.Equal(4, await admin.CountAsync($"SELECT count(*) FROM admin.users WHERE account_id = '{accountId}'"));
    }

    [Fact]
    public async Task Staff_cannot_add_users_or_change_roles_and_admins_cannot_create_owners()
    {
        var (staff, staffId) = await admin.UserAsync(accountId, "staff");
        var (accountAdmin, _) = await admin.UserAsync(accountId, "admin");

        using var staffAdds = await staff.PostAsJsonAsync($"/api/accounts/{accountId}/users", NewUser("staff"));
        using var staffPromotes = await staff.PutAsJsonAsync($"/api/accounts/{accountId}/users/{staffId}/roles", new { roles = new[] { "owner" } });
        using var adminCreatesOwner = await accountAdmin.PostAsJsonAsync($"/api/accounts/{accountId}/users", NewUser("owner"));
        using var adminChangesRoles = await accountAdmin.PutAsJsonAsync($"/api/accounts/{accountId}/users/{staffId}/roles", new { roles = new[] { "admin" } });

        Assert.All([staffAdds, staffPromotes, adminCreatesOwner, adminChangesRoles], response =>
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        });
        var staffNow = await owner.GetFromJsonAsync<UserResponse>($"/api/accounts/{accountId}/users/{staffId}", Json.Options);
        Assert.Equal(["staff"], staffNow!.Roles);
    }

    [Fact]
    public async Task An_owner_changes_roles_but_an_account_always_keeps_an_owner()
    {
        var (_, staffId) = await admin.UserAsync(accountId, "staff");
        var ownerId = JsonDocument.Parse(await owner.GetStringAsync("/api/auth/me")).RootElement.GetProperty("userId").GetGuid();

        using var promoted = await owner.PutAsJsonAsync($"/api/accounts/{accountId}/users/{staffId}/roles", new { roles = new[] { "admin", "staff" } });
        using var demoteSelf = await owner.PutAsJsonAsync($"/api/accounts/{accountId}/users/{ownerId}/roles", new { roles = new[] { "staff" } });

        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(["admin", "staff"], (await promoted.Content.ReadFromJsonAsync<UserResponse>(Json.Options))!.Roles);
        Assert.Equal(HttpStatusCode.Conflict, demoteSelf.StatusCode);
    }

    [Fact]
    public async Task Two_owners_demoting_each_other_at_once_leave_one_owner()
    {
        var ownerId = JsonDocument.Parse(await owner.GetStringAsync("/api/auth/me")).RootElement.GetProperty("userId").GetGuid();
        var (secondOwner, secondId) = await admin.UserAsync(accountId, "owner");

        var results = await Task.WhenAll(
            owner.PutAsJsonAsync($"/api/accounts/{accountId}/users/{secondId}/roles", new { roles = new[] { "staff" } }),
            secondOwner.PutAsJsonAsync($"/api/accounts/{accountId}/users/{ownerId}/roles", new { roles = new[] { "staff" } }));

        Assert.Equal(1, results.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, await admin.CountAsync($"SELECT count(*) FROM admin.users WHERE account_id = '{accountId}' AND 'owner' = ANY (roles)"));
    }

    [Fact]
    public async Task A_user_of_one_tenant_never_reaches_another_tenants_data()
    {
        var otherAccount = (await admin.CreateAccountAsync(await admin.CreatePlanAsync())).Id;
        var (_, otherUser) = await admin.UserAsync(otherAccount, "owner");

        var attempts = new[]
        {
            await owner.GetAsync($"/api/accounts/{otherAccount}"),
            await owner.GetAsync($"/api/accounts/{otherAccount}/users"),
            await owner.GetAsync($"/api/accounts/{otherAccount}/users/{otherUser}"),
            await owner.GetAsync($"/api/accounts/{accountId}/users/{otherUser}"),
            await owner.PostAsJsonAsync($"/api/accounts/{otherAccount}/users", NewUser("staff")),
            await owner.PutAsJsonAsync($"/api/accounts/{otherAccount}/users/{otherUser}/roles", new { roles = new[] { "staff" } }),
        };

        Assert.All(attempts, response => Assert.Equal(HttpStatusCode.NotFound, response.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/accounts/{accountId}")).StatusCode);
        Assert.Equal(1, await admin.CountAsync($"SELECT count(*) FROM admin.users WHERE account_id = '{otherAccount}'"));
    }

    [Fact]
    public async Task A_shops_owner_cannot_use_operator_endpoints()
    {
        using var listAccounts = await owner.GetAsync("/api/accounts");
        using var createPlan = await owner.PostAsJsonAsync("/api/plans", new { name = "Grátis", priceCents = 0, billingCycle = "monthly", maxProducts = 1, maxUsers = 1 });
        using var suspendOwn = await owner.PostAsync($"/api/accounts/{accountId}/suspend", null);

        Assert.All([listAccounts, createPlan, suspendOwn], response => Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode));
    }

    private static NewUserRequest NewUser(string role, string? email = null) =>
        new(email ?? $"u-{Guid.NewGuid():N}@loja.com.br", "Fulana de Tal", AdminFixture.NewCpf(), "uma senha bem longa", [role]);

    private sealed record NewUserRequest(string Email, string Name, string Cpf, string Password, string[] Roles);
}
