using System.Net;
using System.Net.Http.Json;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// A shop's account created through Admin's API reaches Catalog with no other call: its store is provisioned (a SQLite
/// file of its own, or rows in the shared database), its owner's token works there, its plan's limit holds there and
/// its suspension stops it there.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AccountToStoreTests : IAsyncLifetime
{
    private readonly AdminAndCatalog platform = new();

    public Task InitializeAsync() => platform.StartAsync();

    public Task DisposeAsync() => platform.DisposeAsync().AsTask();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_account_created_in_Admin_gets_its_store_in_Catalog_with_its_plans_limit_and_status(string databaseType)
    {
        var planId = await platform.CreatePlanAsync(maxProducts: 2);
        var accountId = await platform.CreateAccountAsync(planId, databaseType);

        using var shop = await platform.ShopOwnerAsync(accountId);

        Assert.Equal(databaseType == "sqlite", File.Exists(Path.Combine(platform.SqliteDirectory, $"{accountId}.db")));
        Assert.Equal(HttpStatusCode.Created, await CreateProductAsync(shop, "Um"));
        Assert.Equal(HttpStatusCode.Created, await CreateProductAsync(shop, "Dois"));
        Assert.Equal(HttpStatusCode.Conflict, await CreateProductAsync(shop, "Três: acima do plano"));

        using var suspended = await platform.Operator.PostAsJsonAsync($"/api/accounts/{accountId}/suspend", new { reason = "inadimplente" });
        Assert.True(suspended.IsSuccessStatusCode, await suspended.Content.ReadAsStringAsync());
        await Eventually.MatchAsync(
            () => CreateProductAsync(shop, "Durante a suspensão"),
            status => status == HttpStatusCode.Forbidden,
            what: "the suspension applied in Catalog");
    }

    private static async Task<HttpStatusCode> CreateProductAsync(HttpClient shop, string name)
    {
        using var response = await shop.PostAsJsonAsync("/api/products", new { name, priceCents = 1000 });
        return response.StatusCode;
    }
}
