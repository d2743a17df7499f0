using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Admin.Apis;
using Platform.Admin.Modules;

namespace Platform.Admin.Tests;

public sealed class ModulesApiTests : IAsyncLifetime
{
    private readonly AdminFixture admin = new();
    private Guid planId;

    public async Task InitializeAsync()
    {
        await admin.InitializeAsync();
        planId = await admin.CreatePlanAsync();
    }

    public Task DisposeAsync() => admin.DisposeAsync();

    [Fact]
    public async Task The_seeded_catalogue_with_requirements_is_listed_to_any_signed_in_user_and_to_nobody_else()
    {
        var account = await admin.CreateAccountAsync(planId);
        var (staff, _) = await admin.UserAsync(account.Id, "staff");
        using var anonymous = admin.AnonymousClient();

        var modules = (await staff.GetFromJsonAsync<List<Module>>("/api/modules", Json.Options))!;

        Assert.Equal(
            ["catalog", "customers", "inventory", "invoices", "orders", "realtime", "search", "service-orders"],
            modules.Select(module => module.Slug));
        Assert.Equal(["orders"], modules.Single(module => module.Slug == "invoices").Requires);
        Assert.All(modules, module => Assert.True(module.Active));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/modules")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/api/modules/nope")).StatusCode);
    }

    [Fact]
    public async Task The_operator_adds_a_module_once_and_shops_cannot()
    {
        var (owner, _) = await admin.UserAsync((await admin.CreateAccountAsync(planId)).Id, "owner");
        var loyalty = new { slug = "Loyalty", name = "Loyalty points", description = "Points per purchase.", requires = new[] { "customers", "orders" } };

        using var created = await admin.Client.PostAsJsonAsync("/api/modules", loyalty);
        using var again = await admin.Client.PostAsJsonAsync("/api/modules", loyalty);
        using var byOwner = await owner.PostAsJsonAsync("/api/modules", loyalty with { slug = "other" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/modules/loyalty", created.Headers.Location?.OriginalString);
        var module = (await created.Content.ReadFromJsonAsync<Module>(Json.Options))!;
        Assert.Equal(("loyalty", true, 1L), (module.Slug, module.Active, module.Version));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOwner.StatusCode);
        Assert.Equivalent(module, await owner.GetFromJsonAsync<Module>("/api/modules/loyalty", Json.Options));
        Assert.Equal(1, await admin.CountAsync("SELECT count(*) FROM admin.audit_entries WHERE action = 'ModuleCreated' AND resource_id = 'loyalty'"));
    }

    [Fact]
    public async Task Invalid_modules_and_requirement_cycles_are_400_problems_naming_the_field()
    {
        using var invalid = await admin.Client.PostAsJsonAsync("/api/modules", new { slug = "Bad Slug", name = "", requires = new[] { "ghost" } });
        using var selfRequired = await admin.Client.PostAsJsonAsync("/api/modules", new { slug = "loop", name = "Loop", requires = new[] { "loop" } });
        (await admin.Client.PostAsJsonAsync("/api/modules", new { slug = "gift-cards", name = "Gift cards", requires = new[] { "orders" } })).EnsureSuccessStatusCode();
        using var cycle = await admin.Client.PatchAsJsonAsync("/api/modules/catalog", new { requires = new[] { "gift-cards" } });
        using var unknown = await admin.Client.PatchAsJsonAsync("/api/modules/ghost", new { name = "Ghost" });

        Assert.Equal(["name", "requires", "slug"], await ErrorFieldsAsync(invalid));
        Assert.Equal(["requires"], await ErrorFieldsAsync(selfRequired));
        Assert.Equal(["requires"], await ErrorFieldsAsync(cycle));
        Assert.Contains("would require itself", await cycle.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty((await admin.Client.GetFromJsonAsync<Module>("/api/modules/catalog", Json.Options))!.Requires);
    }

    [Fact]
    public async Task An_account_enables_only_known_active_modules_with_their_requirements()
    {
        var unknown = await OpenAccountAsync("catalog", "teleport");
        var missingRequirement = await OpenAccountAsync("invoices");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Unknown module 'teleport'.", await ModuleErrorsAsync(unknown));
        Assert.Equal(HttpStatusCode.BadRequest, missingRequirement.StatusCode);
        Assert.Equal(
            ["Module 'invoices' requires module 'orders'."],
            await ModuleErrorsAsync(missingRequirement));
        Assert.Equal(0, await admin.CountAsync("SELECT count(*) FROM admin.accounts"));

        using var complete = await OpenAccountAsync("invoices", "orders", "catalog");
        Assert.Equal(HttpStatusCode.Created, complete.StatusCode);
    }

    [Fact]
    public async Task An_update_cannot_enable_an_unknown_module_nor_drop_one_another_requires()
    {
        var account = await admin.CreateAccountAsync(planId);

        using var unknown = await admin.Client.PatchAsJsonAsync($"/api/accounts/{account.Id}", new { modules = new[] { "catalog", "inventory", "orders", "teleport" } });
        using var dropsRequired = await admin.Client.PatchAsJsonAsync($"/api/accounts/{account.Id}", new { modules = new[] { "inventory", "orders" } });
        using var adds = await admin.Client.PatchAsJsonAsync($"/api/accounts/{account.Id}", new { modules = new[] { "catalog", "orders", "search" } });

        Assert.Contains("Unknown module 'teleport'.", await ModuleErrorsAsync(unknown));
        Assert.Contains("Module 'inventory' requires module 'catalog'.", await ModuleErrorsAsync(dropsRequired));
        Assert.Equal(HttpStatusCode.OK, adds.StatusCode);
        Assert.Equal(["catalog", "orders", "search"], (await adds.Content.ReadFromJsonAsync<AccountResponse>(Json.Options))!.Modules);
    }

    [Fact]
    public async Task A_deactivated_module_stays_on_accounts_that_have_it_but_cannot_be_newly_enabled()
    {
        var account = await admin.CreateAccountAsync(planId);
        using var deactivated = await admin.Client.PatchAsJsonAsync("/api/modules/inventory", new { active = false });
        Assert.False((await deactivated.Content.ReadFromJsonAsync<Module>(Json.Options))!.Active);

        using var newAccount = await OpenAccountAsync("catalog", "inventory");
        using var keeps = await admin.Client.PatchAsJsonAsync($"/api/accounts/{account.Id}", new { modules = new[] { "catalog", "inventory" } });
        using var renamed = await admin.Client.PatchAsJsonAsync($"/api/accounts/{account.Id}", new { companyName = "Outro Nome" });

        Assert.Equal(["Module 'inventory' is not available."], await ModuleErrorsAsync(newAccount));
        Assert.Equal(HttpStatusCode.OK, keeps.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var other = await admin.CreateAccountAsync(planId, cnpj: null, modules: ["catalog"]);
        using var enable = await admin.Client.PatchAsJsonAsync($"/api/accounts/{other.Id}", new { modules = new[] { "catalog", "inventory" } });
        Assert.Equal(["Module 'inventory' is not available."], await ModuleErrorsAsync(enable));
    }

    private Task<HttpResponseMessage> OpenAccountAsync(params string[] modules) => admin.Client.PostAsJsonAsync("/api/accounts", new
    {
        companyName = "Loja",
        cnpj = AdminFixture.NewCnpj(),
        contactEmail = "dono@loja.com.br",
        planId,
        modules,
        databaseType = "postgres",
    });

    private static async Task<List<string>> ErrorFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        return [.. errors.EnumerateObject().Select(error => error.Name).Order()];
    }

    private static async Task<List<string>> ModuleErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return [.. problem.GetProperty("errors").GetProperty("modules").EnumerateArray().Select(message => message.GetString()!)];
    }
}
