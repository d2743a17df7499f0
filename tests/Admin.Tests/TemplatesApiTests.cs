using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Admin.Apis;
using Platform.Admin.Templates;
using Platform.Contracts.Admin;

namespace Platform.Admin.Tests;

public sealed class TemplatesApiTests : IAsyncLifetime
{
    private readonly AdminFixture admin = new();
    private Guid planId;

    public async Task InitializeAsync()
    {
        await admin.InitializeAsync();
        planId = await admin.CreatePlanAsync();
    }

    public Task DisposeAsync() => admin.DisposeAsync();

    private static object Bakery(string slug = "bakery") => new
    {
        slug,
        name = "Bakery",
        description = "Bread over the counter, orders for parties.",
        modules = new[] { "catalog", "orders", "customers" },
        settings = new Dictionary<string, object>
        {
            ["orders"] = new Dictionary<string, object> { ["payment-methods"] = new[] { "pix", "cash" }, ["lead-time-hours"] = 24 },
            ["catalog"] = new Dictionary<string, object> { ["units"] = new { weight = "kg" } },
        },
        sampleCategories = new[] { "Breads", "Cakes" },
    };

    [Fact]
    public async Task The_operator_adds_a_template_once_and_every_signed_in_user_sees_the_active_ones()
    {
        var (owner, _) = await admin.UserAsync((await admin.CreateAccountAsync(planId)).Id, "owner");

        using var created = await admin.Client.PostAsJsonAsync("/api/shop-templates", Bakery());
        using var again = await admin.Client.PostAsJsonAsync("/api/shop-templates", Bakery());
        using var byOwner = await owner.PostAsJsonAsync("/api/shop-templates", Bakery("owners-own"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOwner.StatusCode);
        var listed = await owner.GetFromJsonAsync<List<ShopTemplate>>("/api/shop-templates", Json.Options);
        Assert.Equal(["bakery", "repair-shop", "retail"], listed!.Select(template => template.Slug).Order());
        var bakery = await owner.GetFromJsonAsync<ShopTemplate>("/api/shop-templates/bakery", Json.Options);
        Assert.Equal(24, bakery!.Settings["orders"]["lead-time-hours"].GetInt32());
        Assert.Equal(["Breads", "Cakes"], bakery.SampleCategories);

        (await admin.Client.PatchAsJsonAsync("/api/shop-templates/bakery", new { active = false })).EnsureSuccessStatusCode();
        Assert.DoesNotContain((await owner.GetFromJsonAsync<List<ShopTemplate>>("/api/shop-templates", Json.Options))!, t => t.Slug == "bakery");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/api/shop-templates/bakery")).StatusCode);
        Assert.Contains((await admin.Client.GetFromJsonAsync<List<ShopTemplate>>("/api/shop-templates", Json.Options))!, t => t.Slug == "bakery" && !t.Active);
        Assert.Equal(2, await admin.CountAsync("SELECT count(*) FROM admin.audit_entries WHERE resource_type = 'shop-template' AND resource_id = 'bakery'"));
    }

    [Fact]
    public async Task A_template_enables_only_catalogue_modules_with_their_requirements_and_settings_for_them()
    {
        using var response = await admin.Client.PostAsJsonAsync("/api/shop-templates", new
        {
            slug = "broken",
            name = "",
            modules = new[] { "invoices", "teleport" },
            settings = new Dictionary<string, object>
            {
                ["search"] = new Dictionary<string, object> { ["boost"] = 2 },
                ["invoices"] = new Dictionary<string, object> { ["Bad Key"] = 1, ["banner"] = new string('x', 9000) },
            },
            sampleCategories = new[] { "" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["modules", "name", "sampleCategories", "settings"], errors.EnumerateObject().Select(e => e.Name).Order());
        var modules = errors.GetProperty("modules").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("Module 'invoices' requires module 'orders'.", modules);
        Assert.Contains("Unknown module 'teleport'.", modules);
        Assert.Equal(3, errors.GetProperty("settings").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync("/api/shop-templates/broken")).StatusCode);
    }

    [Fact]
    public async Task An_account_opened_from_a_template_starts_with_its_modules_and_settings_in_one_transaction()
    {
        (await admin.Client.PostAsJsonAsync("/api/shop-templates", Bakery())).EnsureSuccessStatusCode();
        await using var provisioned = await TestBus<TenantProvisioned>.StartAsync(admin.VirtualHost.AmqpUri);

        var account = await admin.CreateAccountAsync(planId, modules: ["search", "catalog"], template: "bakery");

        Assert.Equal(["search", "catalog", "orders", "customers"], account.Modules);
        var (staff, _) = await admin.UserAsync(account.Id, "staff");
        var settings = (await staff.GetFromJsonAsync<List<SettingResponse>>($"/api/accounts/{account.Id}/settings", Json.Options))!;
        Assert.Equal(
            [("catalog", "units", "{\"weight\":\"kg\"}"), ("orders", "lead-time-hours", "24"), ("orders", "payment-methods", "[\"pix\",\"cash\"]")],
            settings.Select(s => (s.Module, s.Key, s.Value.GetRawText())));
        Assert.All(settings, setting => Assert.Equal(1, setting.Version));
        var announced = await provisioned.WaitForAsync(e => e.TenantId == account.Id);
        Assert.Equal(account.Modules, announced.Modules);
        Assert.Equal(1, await admin.CountAsync($"SELECT count(*) FROM admin.audit_entries WHERE account_id = '{account.Id}' AND action = 'TemplateApplied'"));
    }

    [Fact]
    public async Task An_unknown_or_inactive_template_is_a_400_problem_and_opens_nothing()
    {
        (await admin.Client.PostAsJsonAsync("/api/shop-templates", Bakery())).EnsureSuccessStatusCode();
        (await admin.Client.PatchAsJsonAsync("/api/shop-templates/bakery", new { active = false })).EnsureSuccessStatusCode();

        foreach (var template in new[] { "no-such-template", "bakery" })
        {
            using var response = await admin.Client.PostAsJsonAsync("/api/accounts", new
            {
                companyName = "Loja",
                cnpj = AdminFixture.NewCnpj(),
                contactEmail = "dono@loja.com.br",
                planId,
                databaseType = "sqlite",
                template,
            });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
            Assert.Contains(template, errors.GetProperty("template")[0].GetString());
        }

        Assert.Equal(0, await admin.CountAsync("SELECT count(*) FROM admin.accounts"));
        Assert.Equal(0, await admin.CountAsync("SELECT count(*) FROM admin.account_settings"));
    }

    [Fact]
    public async Task A_template_change_is_validated_against_the_modules_it_will_have()
    {
        (await admin.Client.PostAsJsonAsync("/api/shop-templates", Bakery())).EnsureSuccessStatusCode();

        using var dropsModuleWithSettings = await admin.Client.PatchAsJsonAsync("/api/shop-templates/bakery", new { modules = new[] { "catalog", "customers" } });
        using var unknown = await admin.Client.PatchAsJsonAsync("/api/shop-templates/nope", new { name = "Nope" });
        using var renamed = await admin.Client.PatchAsJsonAsync("/api/shop-templates/bakery", new { name = "Padaria" });

        Assert.Equal(HttpStatusCode.BadRequest, dropsModuleWithSettings.StatusCode);
        Assert.Contains("module 'orders', which the template does not enable", await dropsModuleWithSettings.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var template = (await renamed.Content.ReadFromJsonAsync<ShopTemplate>(Json.Options))!;
        Assert.Equal(("Padaria", 2L, 3), (template.Name, template.Version, template.Modules.Count));
    }
}
