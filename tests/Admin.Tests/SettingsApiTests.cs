using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Admin.Apis;
using Platform.ServiceDefaults.Http;

namespace Platform.Admin.Tests;

public sealed class SettingsApiTests : IAsyncLifetime
{
    private readonly AdminFixture admin = new();
    private Guid accountId;
    private Guid ownerId;
    private HttpClient owner = null!;

    public async Task InitializeAsync()
    {
        await admin.InitializeAsync();
        accountId = (await admin.CreateAccountAsync(await admin.CreatePlanAsync())).Id;
        (owner, ownerId) = await admin.UserAsync(accountId, "owner");
    }

    public async Task DisposeAsync()
    {
        owner.Dispose();
        await admin.DisposeAsync();
    }

    [Fact]
    public async Task An_owner_sets_and_changes_a_setting_each_change_audited_with_old_and_new_values()
    {
        using var first = await PutAsync(owner, "orders", "payment-methods", new { value = new[] { "pix", "card" } });
        using var second = await PutAsync(owner, "orders", "payment-methods", new { value = new[] { "pix" } });
        using var other = await PutAsync(owner, "inventory", "low-stock-threshold", new { value = 5 });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"1\"", first.Headers.ETag?.Tag);
        var changed = (await second.Content.ReadFromJsonAsync<SettingResponse>(Json.Options))!;
        Assert.Equal(("\"2\"", 2L, ownerId), (second.Headers.ETag?.Tag, changed.Version, changed.UpdatedBy!.Value));
        Assert.Equal("[\"pix\"]", changed.Value.GetRawText());

        var all = await owner.GetFromJsonAsync<List<SettingResponse>>($"/api/accounts/{accountId}/settings", Json.Options);
        Assert.Equal(["inventory/low-stock-threshold", "orders/payment-methods"], all!.Select(s => $"{s.Module}/{s.Key}"));
        var orders = await owner.GetFromJsonAsync<List<SettingResponse>>($"/api/accounts/{accountId}/settings/orders", Json.Options);
        Assert.Equivalent(changed, Assert.Single(orders!));

        var audit = await AuditAsync("orders/payment-methods");
        Assert.Equal(["SettingChanged", "SettingChanged"], audit.Select(entry => entry.GetProperty("action").GetString()));
        Assert.All(audit, entry => Assert.Equal(ownerId, entry.GetProperty("actorUserId").GetGuid()));
        Assert.Equal("[\"pix\",\"card\"]", audit[0].GetProperty("oldValues").GetProperty("value").GetRawText());
        Assert.Equal("[\"pix\"]", audit[0].GetProperty("newValues").GetProperty("value").GetRawText());
        Assert.False(audit[1].TryGetProperty("oldValues", out _));
    }

    [Fact]
    public async Task Staff_read_settings_but_only_owners_admins_and_operators_change_them()
    {
        var (staff, _) = await admin.UserAsync(accountId, "staff");
        var (accountAdmin, _) = await admin.UserAsync(accountId, "admin");
        (await PutAsync(owner, "catalog", "currency", new { value = "BRL" })).EnsureSuccessStatusCode();

        using var staffPut = await PutAsync(staff, "catalog", "currency", new { value = "USD" });
        using var staffDelete = await staff.DeleteAsync($"/api/accounts/{accountId}/settings/catalog/currency");
        using var adminPut = await PutAsync(accountAdmin, "catalog", "price-rounding", new { value = 0.05 });
        using var operatorPut = await PutAsync(admin.Client, "catalog", "max-images", new { value = 8 });

        Assert.Equal(HttpStatusCode.Forbidden, staffPut.StatusCode);
        Assert.Equal(ProblemTypes.Forbidden, await ProblemTypeAsync(staffPut));
        Assert.Equal(HttpStatusCode.Forbidden, staffDelete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminPut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorPut.StatusCode);
        var seen = await staff.GetFromJsonAsync<List<SettingResponse>>($"/api/accounts/{accountId}/settings/catalog", Json.Options);
        Assert.Equal([("currency", "\"BRL\""), ("max-images", "8"), ("price-rounding", "0.05")], seen!.Select(s => (s.Key, s.Value.GetRawText())));
    }

    [Fact]
    public async Task Another_tenants_settings_do_not_exist_for_a_shops_user()
    {
        var otherAccount = (await admin.CreateAccountAsync(await admin.CreatePlanAsync())).Id;
        (await PutAsync(admin.Client, "catalog", "currency", new { value = "BRL" }, otherAccount)).EnsureSuccessStatusCode();

        var attempts = new[]
        {
            await owner.GetAsync($"/api/accounts/{otherAccount}/settings"),
            await owner.GetAsync($"/api/accounts/{otherAccount}/settings/catalog"),
            await PutAsync(owner, "catalog", "currency", new { value = "USD" }, otherAccount),
            await owner.DeleteAsync($"/api/accounts/{otherAccount}/settings/catalog/currency"),
            await admin.Client.GetAsync($"/api/accounts/{Guid.NewGuid()}/settings"),
            await PutAsync(admin.Client, "catalog", "currency", new { value = "USD" }, Guid.NewGuid()),
        };

        Assert.All(attempts, response => Assert.Equal(HttpStatusCode.NotFound, response.StatusCode));
        Assert.Equal(1, await admin.CountAsync($"SELECT count(*) FROM admin.account_settings WHERE account_id = '{otherAccount}' AND value = '\"BRL\"'"));
    }

    [Fact]
    public async Task A_setting_belongs_to_a_module_the_account_has_enabled()
    {
        using var notEnabled = await PutAsync(owner, "invoices", "series", new { value = 1 });
        using var unknownModule = await PutAsync(owner, "teleport", "speed", new { value = 1 });
        using var listNotEnabled = await owner.GetAsync($"/api/accounts/{accountId}/settings/invoices");

        Assert.Equal(HttpStatusCode.BadRequest, notEnabled.StatusCode);
        Assert.Contains("Module 'invoices' is not enabled on this account.", await notEnabled.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unknownModule.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, listNotEnabled.StatusCode);

        // Settings of a module the account drops are kept, hidden, and back when it is enabled again.
        (await PutAsync(owner, "inventory", "low-stock-threshold", new { value = 3 })).EnsureSuccessStatusCode();
        (await admin.Client.PatchAsJsonAsync($"/api/accounts/{accountId}", new { modules = new[] { "catalog", "orders" } })).EnsureSuccessStatusCode();
        Assert.Empty((await owner.GetFromJsonAsync<List<SettingResponse>>($"/api/accounts/{accountId}/settings", Json.Options))!);
        (await admin.Client.PatchAsJsonAsync($"/api/accounts/{accountId}", new { modules = new[] { "catalog", "orders", "inventory" } })).EnsureSuccessStatusCode();
        Assert.Single((await owner.GetFromJsonAsync<List<SettingResponse>>($"/api/accounts/{accountId}/settings", Json.Options))!);
    }

    [Theory]
    [InlineData("{\"value\": ")]
    [InlineData("{}")]
    [InlineData("{\"value\": null}")]
    [InlineData("not json")]
    public async Task A_missing_or_malformed_value_is_a_400_problem(string body)
    {
        using var response = await owner.PutAsync($"/api/accounts/{accountId}/settings/catalog/currency",
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await admin.CountAsync("SELECT count(*) FROM admin.account_settings"));
    }

    [Fact]
    public async Task Oversized_values_bad_keys_and_unstorable_text_are_400_problems()
    {
        using var oversized = await PutAsync(owner, "catalog", "banner", new { value = new string('x', 9000) });
        using var badKey = await PutAsync(owner, "catalog", "Not A Key", new { value = 1 });
        using var nul = await PutAsync(owner, "catalog", "banner", new { value = "a\u0000b" });

        Assert.Equal(HttpStatusCode.BadRequest, oversized.StatusCode);
        Assert.Contains("8192 bytes", await oversized.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Equal(0, await admin.CountAsync("SELECT count(*) FROM admin.account_settings"));
    }

    [Fact]
    public async Task If_match_with_a_stale_version_is_a_412_and_changes_nothing()
    {
        (await PutAsync(owner, "catalog", "currency", new { value = "BRL" })).EnsureSuccessStatusCode();
        (await PutAsync(owner, "catalog", "currency", new { value = "USD" })).EnsureSuccessStatusCode();

        using var stale = await PutAsync(owner, "catalog", "currency", new { value = "EUR" }, ifMatch: "\"1\"");
        using var current = await PutAsync(owner, "catalog", "currency", new { value = "ARS" }, ifMatch: "\"2\"");
        using var malformed = await PutAsync(owner, "catalog", "currency", new { value = "CLP" }, ifMatch: "yesterday");
        using var absent = await PutAsync(owner, "catalog", "new-key", new { value = 1 }, ifMatch: "*");
        using var staleDelete = await Send(HttpMethod.Delete, "catalog/currency", "\"2\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(ProblemTypes.PreconditionFailed, await ProblemTypeAsync(stale));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, absent.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        var stored = await owner.GetFromJsonAsync<List<SettingResponse>>($"/api/accounts/{accountId}/settings/catalog", Json.Options);
        Assert.Equal(("\"ARS\"", 3L), (Assert.Single(stored!).Value.GetRawText(), stored![0].Version));
    }

    [Fact]
    public async Task Deleting_a_setting_is_audited_and_a_second_delete_is_a_404()
    {
        (await PutAsync(owner, "orders", "prefix", new { value = "PED-" })).EnsureSuccessStatusCode();

        using var deleted = await Send(HttpMethod.Delete, "orders/prefix", "\"1\"");
        using var again = await owner.DeleteAsync($"/api/accounts/{accountId}/settings/orders/prefix");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty((await owner.GetFromJsonAsync<List<SettingResponse>>($"/api/accounts/{accountId}/settings/orders", Json.Options))!);
        var entry = (await AuditAsync("orders/prefix"))[0];
        Assert.Equal("SettingDeleted", entry.GetProperty("action").GetString());
        Assert.Equal("\"PED-\"", entry.GetProperty("oldValues").GetProperty("value").GetRawText());
    }

    [Fact]
    public async Task A_cancelled_accounts_settings_are_read_only()
    {
        (await PutAsync(owner, "catalog", "currency", new { value = "BRL" })).EnsureSuccessStatusCode();
        (await admin.Client.PostAsync($"/api/accounts/{accountId}/cancel", null)).EnsureSuccessStatusCode();

        using var put = await PutAsync(admin.Client, "catalog", "currency", new { value = "USD" });

        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Single((await admin.Client.GetFromJsonAsync<List<SettingResponse>>($"/api/accounts/{accountId}/settings", Json.Options))!);
    }

    [Fact]
    public async Task Concurrent_changes_of_one_key_are_each_applied_once_in_turn()
    {
        var responses = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => PutAsync(owner, "catalog", "counter", new { value = i })));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var versions = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<SettingResponse>(Json.Options))!.Version));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), versions.Order());
        Assert.Equal(8, await admin.CountAsync("SELECT count(*) FROM admin.audit_entries WHERE resource_id = 'catalog/counter'"));
    }

    private Task<HttpResponseMessage> PutAsync(HttpClient client, string module, string key, object body, Guid? account = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/accounts/{account ?? accountId}/settings/{module}/{key}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string ifMatch)
    {
        var request = new HttpRequestMessage(method, $"/api/accounts/{accountId}/settings/{path}");
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return owner.SendAsync(request);
    }

    private async Task<List<JsonElement>> AuditAsync(string resourceId)
    {
        var page = await admin.Client.GetFromJsonAsync<JsonElement>($"/api/audit?resourceType=setting&resourceId={resourceId}");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString();
}
