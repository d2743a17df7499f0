using System.Net;
using System.Net.Http.Json;
using Platform.Catalog.Apis;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

public sealed class PostgresProductChangesApiTests() : ProductChangesApiTests(StoreKind.Postgres);

public sealed class SqliteProductChangesApiTests() : ProductChangesApiTests(StoreKind.Sqlite);

/// <summary>Changing and deleting products, for a tenant of each store: merge patches, ETags, soft delete and their events.</summary>
public abstract class ProductChangesApiTests(StoreKind store) : ShopTests(store)
{
    [Fact]
    public async Task A_patch_with_the_current_ETag_changes_only_the_fields_sent_and_announces_the_update_and_the_price_change()
    {
        var kitchen = await client.CreateCategoryAsync(new { name = "Cozinha" });
        var product = await client.CreateProductAsync(new { name = "Caneca", description = "Azul", priceCents = 1990, tags = new[] { "louça" } });

        using var response = await client.PatchAsync($"/api/products/{product.Id}",
            new { priceCents = 2490, categoryId = kitchen.Id, description = (string?)null, active = false }, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        var patched = (await response.Content.ReadFromJsonAsync<ProductResponse>())!;
        Assert.Equal(("Caneca", (string?)null, 2490L, kitchen.Id, "Cozinha", false, 2L),
            (patched.Name, patched.Description, patched.PriceCents, patched.CategoryId, patched.Category, patched.Active, patched.Version));
        Assert.Equal(["louça"], patched.Tags);
        var read = await client.GetFromJsonAsync<ProductResponse>($"/api/products/{product.Id}");
        Assert.Equivalent(patched with { Specifications = default }, read! with { Specifications = default });

        var events = await catalog.OutboxEventsAsync(tenant);
        Assert.Equal(["CategoryCreated", "ProductCreated", "ProductUpdated", "ProductPriceChanged"], events.Select(e => e.Type));
        var (_, updated) = events[2];
        Assert.Equal(2, updated.GetProperty("version").GetInt64());
        Assert.Equal("Cozinha", updated.GetProperty("category").GetString());
        Assert.False(updated.GetProperty("active").GetBoolean());
        var (_, priceChanged) = events[3];
        Assert.Equal((1990L, 2490L, 2L), (priceChanged.GetProperty("previousPriceCents").GetInt64(), priceChanged.GetProperty("priceCents").GetInt64(),
            priceChanged.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task A_patch_with_a_stale_ETag_is_a_412_problem_and_changes_nothing()
    {
        var product = await client.CreateProductAsync(new { name = "Caneca", priceCents = 1990 });
        using (var first = await client.PatchAsync($"/api/products/{product.Id}", new { name = "Caneca grande" }, ifMatch: "\"1\""))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var stale = await client.PatchAsync($"/api/products/{product.Id}", new { priceCents = 1 }, ifMatch: "\"1\"");
        using var malformed = await client.PatchAsync($"/api/products/{product.Id}", new { priceCents = 1 }, ifMatch: "version one");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(ProblemTypes.PreconditionFailed, await stale.ProblemTypeAsync());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var read = (await client.GetFromJsonAsync<ProductResponse>($"/api/products/{product.Id}"))!;
        Assert.Equal(("Caneca grande", 1990L, 2L), (read.Name, read.PriceCents, read.Version));
        Assert.Equal(["ProductCreated", "ProductUpdated"], (await catalog.OutboxEventsAsync(tenant)).Select(e => e.Type));
    }

    [Fact]
    public async Task An_invalid_patch_is_a_400_problem_naming_each_field_and_changes_nothing()
    {
        var product = await client.CreateProductAsync(new { name = "Caneca", priceCents = 1990 });

        using var invalid = await client.PatchAsync($"/api/products/{product.Id}",
            new { name = (string?)null, priceCents = -5, specifications = new[] { 1 }, categoryId = Guid.NewGuid() });
        using var unknownCategory = await client.PatchAsync($"/api/products/{product.Id}", new { categoryId = Guid.NewGuid() });
        using var wrongType = await client.PatchAsync($"/api/products/{product.Id}", new { priceCents = "caro" });
        using var notAnObject = await client.PatchAsync($"/api/products/{product.Id}", new[] { 1, 2 });

        Assert.Equal(["name", "priceCents", "specifications"], await invalid.ErrorFieldsAsync());
        Assert.Equal(["categoryId"], await unknownCategory.ErrorFieldsAsync());
        Assert.Equal(["priceCents"], await wrongType.ErrorFieldsAsync());
        Assert.Equal(HttpStatusCode.BadRequest, notAnObject.StatusCode);
        var read = (await client.GetFromJsonAsync<ProductResponse>($"/api/products/{product.Id}"))!;
        Assert.Equal((1990L, 1L), (read.PriceCents, read.Version));
        Assert.Equal(1, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task A_deleted_product_is_a_404_everywhere_leaves_the_list_and_is_announced()
    {
        var product = await client.CreateProductAsync(new { name = "Caneca", priceCents = 1990 });

        using var deleted = await client.DeleteAsync($"/api/products/{product.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var read = await client.GetAsync($"/api/products/{product.Id}");
        using var patched = await client.PatchAsync($"/api/products/{product.Id}", new { priceCents = 1 });
        using var again = await client.DeleteAsync($"/api/products/{product.Id}");
        foreach (var response in new[] { read, patched, again })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(ProblemTypes.NotFound, await response.ProblemTypeAsync());
        }

        var list = await client.GetFromJsonAsync<ProductPageResponse>("/api/products");
        Assert.Equal(0, list!.Total);
        Assert.Equal(1, await catalog.StoredProductsAsync(tenant));
        var events = await catalog.OutboxEventsAsync(tenant);
        Assert.Equal(["ProductCreated", "ProductDeleted"], events.Select(e => e.Type));
        Assert.Equal(2, events[1].Payload.GetProperty("version").GetInt64());
    }
}
