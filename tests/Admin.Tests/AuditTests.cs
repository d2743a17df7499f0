using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Catalog;

namespace Platform.Admin.Tests;

public sealed class AuditTests : IAsyncLifetime
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
    public async Task Admins_own_changes_are_audited_with_actor_address_and_old_and_new_values_once()
    {
        (await admin.Client.PatchAsJsonAsync($"/api/accounts/{accountId}", new { companyName = "Nome Novo" })).EnsureSuccessStatusCode();
        (await admin.Client.PostAsJsonAsync($"/api/accounts/{accountId}/suspend", new { reason = "atraso" })).EnsureSuccessStatusCode();
        var operatorId = JsonDocument.Parse(await admin.Client.GetStringAsync("/api/auth/me")).RootElement.GetProperty("userId").GetGuid();
        await using var catalog = await TestBus<ProductCreated>.StartAsync(admin.VirtualHost.AmqpUri);

        // The account's own events (provisioned, suspended) come back over the bus too; a later event from another
        // service being recorded shows the consumer has caught up.
        await catalog.PublishAsync(Product(accountId));
        await Eventually.MatchAsync(() => EntriesAsync($"accountId={accountId}&resourceType=product"), entries => entries.Count == 1, what: "consumer caught up");
        await Eventually.MatchAsync(() => admin.CountAsync("SELECT count(*) FROM admin.outbox_messages WHERE published_at IS NULL"), pending => pending == 0);
        await Task.Delay(500);

        var entries = await EntriesAsync($"accountId={accountId}&resourceType=account");
        Assert.Equal(["AccountSuspended", "AccountUpdated", "AccountCreated"], entries.Select(entry => entry.GetProperty("action").GetString()));
        Assert.All(entries, entry => Assert.Equal(operatorId, entry.GetProperty("actorUserId").GetGuid()));
        var renamed = entries[1];
        Assert.Equal("Loja do Teste Ltda", renamed.GetProperty("oldValues").GetProperty("companyName").GetString());
        Assert.Equal("Nome Novo", renamed.GetProperty("newValues").GetProperty("companyName").GetString());
        Assert.Equal("suspended", entries[0].GetProperty("newValues").GetProperty("status").GetString());
        Assert.Equal(14, renamed.GetProperty("newValues").GetProperty("cnpj").GetString()!.Length);
    }

    [Fact]
    public async Task Events_of_other_services_are_audited_once_even_when_redelivered()
    {
        await using var catalog = await TestBus<ProductCreated>.StartAsync(admin.VirtualHost.AmqpUri);
        var created = Product(accountId);

        await catalog.PublishAsync(created);
        await catalog.PublishAsync(created);
        await catalog.PublishAsync(Product(accountId));

        var entries = await Eventually.MatchAsync(() => EntriesAsync($"resourceType=product&accountId={accountId}"), found => found.Count == 2, what: "two products audited");
        await Task.Delay(300);
        Assert.Equal(2, (await EntriesAsync($"resourceType=product&accountId={accountId}")).Count);
        var entry = Assert.Single(await EntriesAsync($"resourceType=product&resourceId={created.ProductId}"));
        Assert.Equal("ProductCreated", entry.GetProperty("action").GetString());
        Assert.Equal("Caneca", entry.GetProperty("newValues").GetProperty("name").GetString());
        Assert.False(entry.TryGetProperty("actorUserId", out _));
        Assert.Equal(2, entries.Count);
    }

    [Fact]
    public async Task A_shop_reads_only_its_own_audit_and_only_its_owners_and_admins_do()
    {
        var (owner, ownerId) = await admin.UserAsync(accountId, "owner");
        var (staff, _) = await admin.UserAsync(accountId, "staff");
        var other = (await admin.CreateAccountAsync(await admin.CreatePlanAsync())).Id;

        var own = JsonDocument.Parse(await owner.GetStringAsync("/api/audit")).RootElement.GetProperty("items");
        Assert.True(own.GetArrayLength() >= 3);
        Assert.All(own.EnumerateArray(), entry => Assert.Equal(accountId, entry.GetProperty("accountId").GetGuid()));
        Assert.Contains(own.EnumerateArray(), entry => entry.GetProperty("action").GetString() == "UserCreated" &&
            entry.GetProperty("resourceId").GetString() == ownerId.ToString() &&
            !entry.GetProperty("newValues").GetRawText().Contains("password", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/audit?accountId={other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/audit")).StatusCode);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=201")]
    [InlineData("from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z")]
    [InlineData("userId=not-a-guid")]
    public async Task Invalid_audit_queries_are_400_problems(string query)
    {
        using var response = await admin.Client.GetAsync($"/api/audit?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Audit_is_paged_and_filtered_by_user_and_time()
    {
        var operatorId = JsonDocument.Parse(await admin.Client.GetStringAsync("/api/auth/me")).RootElement.GetProperty("userId").GetGuid();
        for (var i = 0; i < 3; i++)
        {
            (await admin.Client.PatchAsJsonAsync($"/api/accounts/{accountId}", new { companyName = $"Nome {i}" })).EnsureSuccessStatusCode();
        }

        var page = JsonDocument.Parse(await admin.Client.GetStringAsync($"/api/audit?userId={operatorId}&resourceType=account&pageSize=2&page=2")).RootElement;
        Assert.Equal(4, page.GetProperty("total").GetInt64());
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"));
        Assert.Equal(0, JsonDocument.Parse(await admin.Client.GetStringAsync($"/api/audit?from={future}")).RootElement.GetProperty("total").GetInt64());

        // A local time with its offset (Brasília, -03:00) means the same instant.
        var anHourAgoInBrasilia = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToOffset(TimeSpan.FromHours(-3)).ToString("O"));
        var recent = JsonDocument.Parse(await admin.Client.GetStringAsync($"/api/audit?from={anHourAgoInBrasilia}&userId={operatorId}")).RootElement;
        Assert.True(recent.GetProperty("total").GetInt64() >= 4);
    }

    [Fact]
    public async Task A_page_past_the_last_reports_the_total_of_the_query()
    {
        (await admin.Client.PatchAsJsonAsync($"/api/accounts/{accountId}", new { companyName = "Outro" })).EnsureSuccessStatusCode();

        var page = JsonDocument.Parse(await admin.Client.GetStringAsync($"/api/audit?accountId={accountId}&resourceType=account&pageSize=1&page=9")).RootElement;

        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Equal(2, page.GetProperty("total").GetInt64());
    }

    private async Task<List<JsonElement>> EntriesAsync(string query) =>
        JsonDocument.Parse(await admin.Client.GetStringAsync($"/api/audit?{query}")).RootElement.GetProperty("items").EnumerateArray().ToList();

    private static ProductCreated Product(Guid tenantId) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, tenantId, Guid.NewGuid(), "Caneca", null, 1990, "BRL", null, [], 1);
}
