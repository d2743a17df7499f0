using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults.Http;

namespace Platform.Admin.Tests;

public sealed class PlansApiTests : IAsyncLifetime
{
    private readonly AdminFixture admin = new();

    public Task InitializeAsync() => admin.InitializeAsync();

    public Task DisposeAsync() => admin.DisposeAsync();

    [Fact]
    public async Task A_plan_is_created_listed_and_read()
    {
        using var created = await admin.Client.PostAsJsonAsync("/api/plans", new
        {
            name = "Essencial",
            priceCents = 4990,
            billingCycle = "yearly",
            maxProducts = 500,
            maxUsers = 3,
            features = new[] { " PDV ", "pdv", "nota-fiscal" },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var plan = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal("yearly", plan.RootElement.GetProperty("billingCycle").GetString());
        Assert.Equal("BRL", plan.RootElement.GetProperty("currency").GetString());
        Assert.Equal(["pdv", "nota-fiscal"], plan.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetString()));

        var read = await admin.Client.GetStringAsync(created.Headers.Location);
        Assert.Equal(500, JsonDocument.Parse(read).RootElement.GetProperty("maxProducts").GetInt32());
        var all = JsonDocument.Parse(await admin.Client.GetStringAsync("/api/plans")).RootElement;
        Assert.Equal(1, all.GetArrayLength());
    }

    [Fact]
    public async Task A_plan_with_a_taken_name_is_a_409_problem()
    {
        var request = new { name = "Pro", priceCents = 1, billingCycle = "monthly", maxProducts = 1, maxUsers = 1 };
        (await admin.Client.PostAsJsonAsync("/api/plans", request)).EnsureSuccessStatusCode();

        using var again = await admin.Client.PostAsJsonAsync("/api/plans", request);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(ProblemTypes.Conflict, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_invalid_plan_is_a_400_problem_naming_each_field_and_stores_nothing()
    {
        using var response = await admin.Client.PostAsJsonAsync("/api/plans", new
        {
            name = "",
            priceCents = -5,
            maxProducts = 0,
            maxUsers = -1,
            features = new[] { "Not a slug!" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["billingCycle", "features", "maxProducts", "maxUsers", "name", "priceCents"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(0, await admin.CountAsync("SELECT count(*) FROM admin.plans"));
    }

    [Fact]
    public async Task An_unknown_billing_cycle_is_a_400_problem()
    {
        using var response = await admin.Client.PostAsJsonAsync("/api/plans", new { name = "X", priceCents = 1, billingCycle = "weekly", maxProducts = 1, maxUsers = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_plan_is_a_404_problem()
    {
        using var response = await admin.Client.GetAsync($"/api/plans/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
