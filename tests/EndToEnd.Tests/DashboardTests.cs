using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Admin's dashboard joins its accounts with each shop's figures from Catalog, concurrently and with a timeout per
/// shop: one shop whose store does not answer is marked, and the page still answers with everyone else's figures.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DashboardTests : IAsyncLifetime
{
    private readonly AdminAndCatalog platform = new();

    public Task InitializeAsync()
    {
        // Short enough that the locked shop (10 s busy timeout) is marked, long enough that the others answer in time on
        // a loaded 2-core runner, where the locked shop's wait holds one of the few thread-pool threads in the process.
        platform.AdminSettings["Dashboard:FiguresTimeout"] = "00:00:03";
        platform.CatalogSettings["Catalog:Sqlite:BusyTimeout"] = "00:00:10";
        return platform.StartAsync();
    }

    public Task DisposeAsync() => platform.DisposeAsync().AsTask();

    [Fact]
    public async Task One_slow_shop_is_marked_and_the_page_still_shows_every_other_shops_figures()
    {
        var planId = await platform.CreatePlanAsync(maxProducts: 50);
        var slow = await platform.CreateAccountAsync(planId, "sqlite", "Loja Lenta");
        var onPostgres = await platform.CreateAccountAsync(planId, "postgres", "Loja Compartilhada");
        var onSqlite = await platform.CreateAccountAsync(planId, "sqlite", "Loja Arquivo");
        foreach (var (account, products) in new[] { (slow, 1), (onPostgres, 2), (onSqlite, 3) })
        {
            using var shop = await platform.ShopOwnerAsync(account);
            for (var i = 0; i < products; i++)
            {
                using var created = await shop.PostAsJsonAsync("/api/products", new { name = $"Produto {i}", priceCents = 1000 });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
        }

        var complete = await DashboardAsync();
        Assert.False(complete.GetProperty("partial").GetBoolean());
        Assert.Equal(6, complete.GetProperty("totals").GetProperty("products").GetInt64());

        await using (await HoldExclusiveLockAsync(Path.Combine(platform.SqliteDirectory, $"{slow}.db")))
        {
            var partial = await DashboardAsync();

            Assert.True(partial.GetProperty("partial").GetBoolean());
            var rows = partial.GetProperty("items").EnumerateArray().ToDictionary(row => row.GetProperty("accountId").GetGuid());
            Assert.Equal("timeout", rows[slow].GetProperty("figuresStatus").GetString());
            Assert.False(rows[slow].TryGetProperty("figures", out _));
            Assert.Equal("ok", rows[onPostgres].GetProperty("figuresStatus").GetString());
            Assert.Equal(2, rows[onPostgres].GetProperty("figures").GetProperty("products").GetInt64());
            Assert.Equal(3, rows[onSqlite].GetProperty("figures").GetProperty("products").GetInt64());
            Assert.Equal(5, partial.GetProperty("totals").GetProperty("products").GetInt64());
        }

        using var suspended = await platform.Operator.PostAsJsonAsync($"/api/accounts/{onSqlite}/suspend", new { reason = "auditoria" });
        suspended.EnsureSuccessStatusCode();
        var afterSuspension = await DashboardAsync();
        var suspendedRow = afterSuspension.GetProperty("items").EnumerateArray().Single(row => row.GetProperty("accountId").GetGuid() == onSqlite);
        Assert.Equal("suspended", suspendedRow.GetProperty("status").GetString());
        Assert.Equal(3, suspendedRow.GetProperty("figures").GetProperty("products").GetInt64());
    }

    [Fact]
    public async Task Only_the_platforms_operators_see_the_dashboard_and_bad_paging_is_a_400()
    {
        var account = await platform.CreateAccountAsync(await platform.CreatePlanAsync(maxProducts: 5), "postgres");
        using var shop = await platform.ShopOwnerAsync(account);
        using var shopOnAdmin = new HttpClient { BaseAddress = platform.AdminUrl };
        shopOnAdmin.DefaultRequestHeaders.Authorization = shop.DefaultRequestHeaders.Authorization;

        using var forbidden = await shopOnAdmin.GetAsync("/api/dashboard");
        using var badPage = await platform.Operator.GetAsync("/api/dashboard?pageSize=1000&status=closed");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        using var problem = JsonDocument.Parse(await badPage.Content.ReadAsStringAsync());
        Assert.Equal(["pageSize", "status"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(field => field.Name).Order());
    }

    private async Task<JsonElement> DashboardAsync()
    {
        using var response = await platform.Operator.GetAsync("/api/dashboard?pageSize=100");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// Makes one shop's store stop answering for real: a connection in SQLite's exclusive locking mode holds the file,
    /// so Catalog's reads of it wait (busy) until it is released. Catalog's idle pooled connections are closed first,
    /// as they would otherwise keep their shared hold on the file.
    /// </summary>
    private static async Task<IAsyncDisposable> HoldExclusiveLockAsync(string file)
    {
        SqliteConnection.ClearAllPools();
        var holder = new SqliteConnection($"Data Source={file};Pooling=False");
        await holder.OpenAsync();
        foreach (var sql in new[] { "PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE", "UPDATE products SET version = version" })
        {
            await using var command = new SqliteCommand(sql, holder);
            await command.ExecuteNonQueryAsync();
        }

        return holder;
    }
}
