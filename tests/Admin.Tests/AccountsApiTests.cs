using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Admin.Accounts;
using Platform.Admin.Apis;
using Platform.Contracts.Admin;
using Platform.ServiceDefaults.Http;

namespace Platform.Admin.Tests;

public sealed class AccountsApiTests : IAsyncLifetime
{
    private readonly AdminFixture admin = new();

    public Task InitializeAsync() => admin.InitializeAsync();

    public Task DisposeAsync() => admin.DisposeAsync();

    [Fact]
    public async Task An_opened_account_is_stored_and_announced_with_its_store_and_plan_limits()
    {
        await using var provisioned = await TestBus<TenantProvisioned>.StartAsync(admin.VirtualHost.AmqpUri);
        var planId = await admin.CreatePlanAsync(maxProducts: 250, maxUsers: 4);

        var account = await admin.CreateAccountAsync(planId, "sqlite", cnpj: "12.abc.345/01de-35");

        Assert.Equal("12.ABC.345/01DE-35", account.Cnpj);
        Assert.Equal("dono@loja.com.br", account.ContactEmail);
        Assert.Equal(AccountStatus.Active, account.Status);
        Assert.Equal($"{account.Id}.db", account.DatabaseConfig["file"]);
        var read = await admin.Client.GetFromJsonAsync<AccountResponse>($"/api/accounts/{account.Id}", Json.Options);
        Assert.Equivalent(account, read);

        var announced = await provisioned.WaitForAsync(e => e.TenantId == account.Id);
        Assert.Equal("sqlite", announced.DatabaseType);
        Assert.Equal($"{account.Id}.db", announced.DatabaseConfig["file"]);
        Assert.Equal((planId, 250, 4), (announced.PlanId, announced.MaxProducts, announced.MaxUsers));
        Assert.Equal(["catalog", "inventory", "orders"], announced.Modules);
    }

    [Fact]
    public async Task An_invalid_account_is_a_400_problem_naming_each_field_and_changes_nothing()
    {
        using var response = await admin.Client.PostAsJsonAsync("/api/accounts", new
        {
            companyName = " ",
            cnpj = "11.222.333/0001-82",
            contactEmail = "not-an-email",
            modules = new[] { "Bad Module" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["cnpj", "companyName", "contactEmail", "databaseType", "modules", "planId"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(0, await admin.CountAsync("SELECT count(*) FROM admin.accounts"));
        Assert.Equal(0, await admin.CountAsync("SELECT count(*) FROM admin.outbox_messages"));
    }

    [Fact]
    public async Task An_enum_given_as_a_number_is_a_400_problem_not_a_stored_value()
    {
        using var response = await admin.Client.PostAsJsonAsync("/api/accounts", new
        {
            companyName = "Loja",
            cnpj = AdminFixture.NewCnpj(),
            contactEmail = "a@b.com",
            planId = await admin.CreatePlanAsync(),
            databaseType = 7,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await admin.CountAsync("SELECT count(*) FROM admin.accounts"));
    }

    [Fact]
    public async Task An_account_on_an_unknown_plan_is_refused()
    {
        using var response = await admin.Client.PostAsJsonAsync("/api/accounts", new
        {
            companyName = "Loja",
            cnpj = AdminFixture.NewCnpj(),
            contactEmail = "a@b.com",
            planId = Guid.NewGuid(),
            databaseType = "postgres",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("planId", out _));
    }

    [Fact]
    public async Task A_taken_cnpj_in_another_format_is_a_409_problem_and_changes_nothing()
    {
        var planId = await admin.CreatePlanAsync();
        var cnpj = AdminFixture.NewCnpj();
        await admin.CreateAccountAsync(planId, cnpj: cnpj);

        using var response = await admin.Client.PostAsJsonAsync("/api/accounts", new
        {
            companyName = "Outra Loja",
            cnpj = $"{cnpj[..2]}.{cnpj[2..5]}.{cnpj[5..8]}/{cnpj[8..12]}-{cnpj[12..]}",
            contactEmail = "outra@loja.com",
            planId,
            databaseType = "postgres",
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ProblemTypes.Conflict, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
        Assert.Equal(1, await admin.CountAsync("SELECT count(*) FROM admin.accounts"));
        Assert.Equal(1, await admin.CountAsync("SELECT count(*) FROM admin.outbox_messages"));
    }

    [Fact]
    public async Task Accounts_are_listed_newest_first_filtered_by_status_and_plan_in_pages()
    {
        var basic = await admin.CreatePlanAsync();
        var pro = await admin.CreatePlanAsync();
        var accounts = new List<AccountResponse>();
        for (var i = 0; i < 5; i++)
        {
            accounts.Add(await admin.CreateAccountAsync(i < 3 ? basic : pro));
        }

        (await admin.Client.PostAsync($"/api/accounts/{accounts[0].Id}/suspend", null)).EnsureSuccessStatusCode();

        var firstPage = await ListAsync($"/api/accounts?planId={basic}&pageSize=2");
        Assert.Equal(3, firstPage.Total);
        Assert.Equal([accounts[2].Id, accounts[1].Id], firstPage.Items.Select(a => a.Id));
        var secondPage = await ListAsync($"/api/accounts?planId={basic}&pageSize=2&page=2");
        Assert.Equal([accounts[0].Id], secondPage.Items.Select(a => a.Id));
        var suspended = await ListAsync("/api/accounts?status=Suspended");
        Assert.Equal([accounts[0].Id], suspended.Items.Select(a => a.Id));
        Assert.Equal(4, (await ListAsync($"/api/accounts?status=active")).Total);

        // A page past the last is empty but still reports how many there are.
        var pastTheEnd = await ListAsync($"/api/accounts?planId={basic}&pageSize=2&page=5");
        Assert.Equal((3L, 0), (pastTheEnd.Total, pastTheEnd.Items.Count));
        Assert.Equal(0, (await ListAsync($"/api/accounts?planId={Guid.NewGuid()}")).Total);
    }

    [Theory]
    [InlineData("status=frozen")]
    [InlineData("status=1")]
    [InlineData("page=0")]
    [InlineData("pageSize=101")]
    [InlineData("planId=not-a-guid")]
    public async Task Invalid_list_parameters_are_400_problems(string query)
    {
        using var response = await admin.Client.GetAsync($"/api/accounts?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_plan_change_is_announced_with_the_new_limits()
    {
        await using var planChanges = await TestBus<TenantPlanChanged>.StartAsync(admin.VirtualHost.AmqpUri);
        var basic = await admin.CreatePlanAsync(maxProducts: 10);
        var pro = await admin.CreatePlanAsync(maxProducts: 1000, maxUsers: 20);
        var account = await admin.CreateAccountAsync(basic);

        using var response = await admin.Client.PatchAsJsonAsync($"/api/accounts/{account.Id}", new { planId = pro, companyName = "Loja Nova" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<AccountResponse>(Json.Options))!;
        Assert.Equal(("Loja Nova", pro, 2L), (updated.CompanyName, updated.PlanId, updated.Version));
        var changed = await planChanges.WaitForAsync(e => e.TenantId == account.Id);
        Assert.Equal((basic, pro, 1000, 20), (changed.PreviousPlanId, changed.PlanId, changed.MaxProducts, changed.MaxUsers));
    }

    [Fact]
    public async Task An_invalid_update_is_a_400_problem_and_changes_nothing()
    {
        var account = await admin.CreateAccountAsync(await admin.CreatePlanAsync());

        using var badEmail = await admin.Client.PatchAsJsonAsync($"/api/accounts/{account.Id}", new { contactEmail = "nope", companyName = "Outro Nome" });
        using var badPlan = await admin.Client.PatchAsJsonAsync($"/api/accounts/{account.Id}", new { planId = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPlan.StatusCode);
        var read = await admin.Client.GetFromJsonAsync<AccountResponse>($"/api/accounts/{account.Id}", Json.Options);
        Assert.Equivalent(account, read);
    }

    [Fact]
    public async Task The_status_moves_active_suspended_active_cancelled_and_each_move_is_announced()
    {
        await using var suspended = await TestBus<TenantSuspended>.StartAsync(admin.VirtualHost.AmqpUri);
        await using var reactivated = await TestBus<TenantReactivated>.StartAsync(admin.VirtualHost.AmqpUri);
        await using var cancelled = await TestBus<TenantCancelled>.StartAsync(admin.VirtualHost.AmqpUri);
        var account = await admin.CreateAccountAsync(await admin.CreatePlanAsync());

        Assert.Equal(AccountStatus.Suspended, (await PostStatusAsync(account.Id, "suspend", new { reason = "fatura em atraso" })).Status);
        Assert.Equal("fatura em atraso", (await suspended.WaitForAsync(e => e.TenantId == account.Id)).Reason);
        Assert.Equal(AccountStatus.Active, (await PostStatusAsync(account.Id, "reactivate")).Status);
        await reactivated.WaitForAsync(e => e.TenantId == account.Id);
        var final = await PostStatusAsync(account.Id, "cancel", new { reason = "pedido do cliente" });
        Assert.Equal((AccountStatus.Cancelled, 4L), (final.Status, final.Version));
        await cancelled.WaitForAsync(e => e.TenantId == account.Id);
    }

    [Theory]
    [InlineData("reactivate", "")]
    [InlineData("suspend", "suspend")]
    [InlineData("suspend", "cancel")]
    [InlineData("reactivate", "cancel")]
    [InlineData("cancel", "cancel")]
    public async Task An_impossible_status_change_is_a_409_problem_and_changes_nothing(string action, string before)
    {
        var account = await admin.CreateAccountAsync(await admin.CreatePlanAsync());
        if (before.Length > 0)
        {
            (await admin.Client.PostAsync($"/api/accounts/{account.Id}/{before}", null)).EnsureSuccessStatusCode();
        }

        var stored = await admin.CountAsync("SELECT version FROM admin.accounts");
        using var response = await admin.Client.PostAsync($"/api/accounts/{account.Id}/{action}", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ProblemTypes.Conflict, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
        Assert.Equal(stored, await admin.CountAsync("SELECT version FROM admin.accounts"));
    }

    [Fact]
    public async Task A_cancelled_account_cannot_be_edited()
    {
        var account = await admin.CreateAccountAsync(await admin.CreatePlanAsync());
        (await admin.Client.PostAsync($"/api/accounts/{account.Id}/cancel", null)).EnsureSuccessStatusCode();

        using var response = await admin.Client.PatchAsJsonAsync($"/api/accounts/{account.Id}", new { companyName = "Ressurreição" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Concurrent_suspensions_suspend_once_and_announce_once()
    {
        await using var suspended = await TestBus<TenantSuspended>.StartAsync(admin.VirtualHost.AmqpUri);
        var account = await admin.CreateAccountAsync(await admin.CreatePlanAsync());

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await admin.Client.PostAsync($"/api/accounts/{account.Id}/suspend", null);
            return response.StatusCode;
        }));

        Assert.Equal(1, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.All(statuses.Where(status => status != HttpStatusCode.OK), status => Assert.Equal(HttpStatusCode.Conflict, status));
        await suspended.WaitForAsync(e => e.TenantId == account.Id);
        await Task.Delay(500);
        Assert.Empty(suspended.Drain());
        Assert.Equal(1, await admin.CountAsync("SELECT count(*) FROM admin.outbox_messages WHERE message_type LIKE '%TenantSuspended'"));
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PATCH", "")]
    [InlineData("POST", "/suspend")]
    public async Task An_unknown_account_is_a_404_problem(string method, string suffix)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/accounts/{Guid.NewGuid()}{suffix}")
        {
            Content = method == "PATCH" ? JsonContent.Create(new { companyName = "X" }) : null,
        };

        using var response = await admin.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<AccountPageResponse> ListAsync(string url) =>
        (await admin.Client.GetFromJsonAsync<AccountPageResponse>(url, Json.Options))!;

    private async Task<AccountResponse> PostStatusAsync(Guid accountId, string action, object? body = null)
    {
        using var response = await admin.Client.PostAsync($"/api/accounts/{accountId}/{action}", body is null ? null : JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AccountResponse>(Json.Options))!;
    }
}
