using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults.Http;

namespace Platform.Admin.Tests;

public sealed class BillingApiTests : IAsyncLifetime
{
    private readonly AdminFixture admin = new();
    private Guid accountId;

    public async Task InitializeAsync()
    {
        await admin.InitializeAsync();
        accountId = (await admin.CreateAccountAsync(await admin.CreatePlanAsync())).Id;
    }

    public Task DisposeAsync() => admin.DisposeAsync();

    [Fact]
    public async Task Charges_are_recorded_settled_once_and_listed_with_the_periods_totals()
    {
        var first = await ChargeAsync(4990, "Mensalidade novembro", "pagarme", "ch_001");
        var second = await ChargeAsync(4990, "Mensalidade dezembro", "pagarme", "ch_002");
        var third = await ChargeAsync(1500, "Módulo extra");

        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PostAsync($"/api/charges/{first}/paid", null)).StatusCode);
        using var failed = await admin.Client.PostAsJsonAsync($"/api/charges/{second}/failed", new { reason = "cartão recusado" });
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal("cartão recusado", JsonDocument.Parse(await failed.Content.ReadAsStringAsync()).RootElement.GetProperty("failureReason").GetString());

        var list = JsonDocument.Parse(await admin.Client.GetStringAsync($"/api/accounts/{accountId}/charges")).RootElement;
        Assert.Equal([third, second, first], list.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()));
        var totals = list.GetProperty("totals");
        Assert.Equal((4990, 1500, 4990, 3), (totals.GetProperty("paidCents").GetInt64(), totals.GetProperty("pendingCents").GetInt64(),
            totals.GetProperty("failedCents").GetInt64(), totals.GetProperty("count").GetInt32()));

        var paidOnly = JsonDocument.Parse(await admin.Client.GetStringAsync($"/api/accounts/{accountId}/charges?status=paid")).RootElement;
        Assert.Equal(first, paidOnly.GetProperty("items")[0].GetProperty("id").GetGuid());
        var future = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        var empty = JsonDocument.Parse(await admin.Client.GetStringAsync($"/api/accounts/{accountId}/charges?from={Uri.EscapeDataString(future)}")).RootElement;
        Assert.Equal(0, empty.GetProperty("totals").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task A_settled_charge_cannot_be_settled_again_even_concurrently()
    {
        var charge = await ChargeAsync(990, "Taxa");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var response = await admin.Client.PostAsync($"/api/charges/{charge}/{(i % 2 == 0 ? "paid" : "failed")}", null);
            return response.StatusCode;
        }));

        Assert.Equal(1, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.All(statuses.Where(status => status != HttpStatusCode.OK), status => Assert.Equal(HttpStatusCode.Conflict, status));
    }

    [Fact]
    public async Task A_providers_reference_is_recorded_once()
    {
        await ChargeAsync(4990, "Mensalidade", "pagarme", "ch_dup");

        using var again = await admin.Client.PostAsJsonAsync($"/api/accounts/{accountId}/charges",
            new { amountCents = 4990, description = "Mensalidade", provider = "PagarMe", providerReference = "ch_dup" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await admin.CountAsync("SELECT count(*) FROM admin.billing_transactions"));
    }

    [Fact]
    public async Task Invalid_charges_are_400_problems_and_unknown_ones_404()
    {
        using var invalid = await admin.Client.PostAsJsonAsync($"/api/accounts/{accountId}/charges",
            new { amountCents = 0, description = "", providerReference = "no-provider" });
        using var unknownAccount = await admin.Client.PostAsJsonAsync($"/api/accounts/{Guid.NewGuid()}/charges", new { amountCents = 100, description = "x" });
        using var unknownCharge = await admin.Client.PostAsync($"/api/charges/{Guid.NewGuid()}/paid", null);
        using var badPeriod = await admin.Client.GetAsync($"/api/accounts/{accountId}/charges?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["amountCents", "description", "providerReference"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.NotFound, unknownAccount.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownCharge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
        Assert.Equal(0, await admin.CountAsync("SELECT count(*) FROM admin.billing_transactions"));
    }

    [Fact]
    public async Task A_shop_sees_its_own_billing_only_and_only_its_owners_and_admins_do()
    {
        var charge = await ChargeAsync(4990, "Mensalidade");
        var (owner, _) = await admin.UserAsync(accountId, "owner");
        var (staff, _) = await admin.UserAsync(accountId, "staff");
        var otherAccount = (await admin.CreateAccountAsync(await admin.CreatePlanAsync())).Id;
        var (stranger, _) = await admin.UserAsync(otherAccount, "owner");

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/accounts/{accountId}/charges")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/charges/{charge}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/accounts/{accountId}/charges")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/accounts/{accountId}/charges")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/charges/{charge}")).StatusCode);
        using var ownerPays = await owner.PostAsync($"/api/charges/{charge}/paid", null);
        Assert.Equal(HttpStatusCode.Forbidden, ownerPays.StatusCode);
        Assert.Equal(ProblemTypes.Forbidden, JsonDocument.Parse(await ownerPays.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
    }

    private async Task<Guid> ChargeAsync(long amountCents, string description, string? provider = null, string? providerReference = null)
    {
        using var response = await admin.Client.PostAsJsonAsync($"/api/accounts/{accountId}/charges",
            new { amountCents, description, provider, providerReference });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }
}
