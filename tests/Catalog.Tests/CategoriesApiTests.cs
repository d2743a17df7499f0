using System.Net;
using System.Net.Http.Json;
using Platform.Catalog.Apis;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

public sealed class PostgresCategoriesApiTests() : CategoriesApiTests(StoreKind.Postgres);

public sealed class SqliteCategoriesApiTests() : CategoriesApiTests(StoreKind.Sqlite);

/// <summary>The categories API for a tenant of each store: the same tests run against PostgreSQL and SQLite.</summary>
public abstract class CategoriesApiTests(StoreKind store) : ShopTests(store)
{
    [Fact]
    public async Task A_category_gets_a_slug_from_its_name_unless_given_and_is_listed_and_announced()
    {
        using var response = await client.PostAsJsonAsync("/api/categories", new { name = "  Calçados & Acessórios " });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        var shoes = (await response.Content.ReadFromJsonAsync<CategoryResponse>())!;
        var sneakers = await client.CreateCategoryAsync(new { name = "Tênis", slug = "tenis-esportivos", parentId = shoes.Id });

        Assert.Equal(("Calçados & Acessórios", "calcados-acessorios", (Guid?)null, 1L), (shoes.Name, shoes.Slug, shoes.ParentId, shoes.Version));
        Assert.Equal($"/api/categories/{shoes.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(shoes.Id, sneakers.ParentId);
        Assert.Equivalent(shoes, await client.GetFromJsonAsync<CategoryResponse>($"/api/categories/{shoes.Id}"));
        var listed = (await client.GetFromJsonAsync<List<CategoryResponse>>("/api/categories"))!;
        Assert.Equal(["calcados-acessorios", "tenis-esportivos"], listed.Select(category => category.Slug));
        var events = await catalog.OutboxEventsAsync(tenant);
        Assert.Equal(["CategoryCreated", "CategoryCreated"], events.Select(e => e.Type));
        Assert.Equal(shoes.Id, events[1].Payload.GetProperty("parentId").GetGuid());
    }

    [Fact]
    public async Task Invalid_or_taken_slugs_missing_names_and_unknown_parents_are_4xx_problems_and_change_nothing()
    {
        await client.CreateCategoryAsync(new { name = "Cozinha" });
        var neighbour = await catalog.ProvisionAsync(Store);
        using var neighbourClient = catalog.ClientFor(neighbour);
        var foreign = await neighbourClient.CreateCategoryAsync(new { name = "Sala" });

        var refusals = new (object Body, HttpStatusCode Status, string Type)[]
        {
            (new { name = "Cozinha de novo", slug = "cozinha" }, HttpStatusCode.Conflict, ProblemTypes.Conflict),
            (new { name = "Sala", slug = "Sala Grande" }, HttpStatusCode.BadRequest, ProblemTypes.Validation),
            (new { name = "!!!" }, HttpStatusCode.BadRequest, ProblemTypes.Validation),
            (new { name = " " }, HttpStatusCode.BadRequest, ProblemTypes.Validation),
            (new { name = new string('c', 101) }, HttpStatusCode.BadRequest, ProblemTypes.Validation),
            (new { name = "Órfã", parentId = Guid.NewGuid() }, HttpStatusCode.BadRequest, ProblemTypes.Validation),
            (new { name = "Intrusa", parentId = foreign.Id }, HttpStatusCode.BadRequest, ProblemTypes.Validation),
        };
        foreach (var (body, status, type) in refusals)
        {
            using var response = await client.PostAsJsonAsync("/api/categories", body);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(type, await response.ProblemTypeAsync());
        }

        Assert.Equal(1, await catalog.StoredCategoriesAsync(tenant));
        Assert.Equal(1, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task A_category_cannot_move_under_itself_or_its_descendants()
    {
        var home = await client.CreateCategoryAsync(new { name = "Casa" });
        var kitchen = await client.CreateCategoryAsync(new { name = "Cozinha", parentId = home.Id });
        var pans = await client.CreateCategoryAsync(new { name = "Panelas", parentId = kitchen.Id });

        using var underItself = await client.PatchAsync($"/api/categories/{home.Id}", new { parentId = home.Id });
        using var underGrandchild = await client.PatchAsync($"/api/categories/{home.Id}", new { parentId = pans.Id });

        foreach (var refused in new[] { underItself, underGrandchild })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(["parentId"], await refused.ErrorFieldsAsync());
        }

        Assert.Null((await client.GetFromJsonAsync<CategoryResponse>($"/api/categories/{home.Id}"))!.ParentId);
        using var moved = await client.PatchAsync($"/api/categories/{pans.Id}", new { parentId = (Guid?)null, name = "Panelas e frigideiras" }, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var pansNow = (await moved.Content.ReadFromJsonAsync<CategoryResponse>())!;
        Assert.Equal(((Guid?)null, "Panelas e frigideiras", "panelas", 2L), (pansNow.ParentId, pansNow.Name, pansNow.Slug, pansNow.Version));
        Assert.Equal(["CategoryCreated", "CategoryCreated", "CategoryCreated", "CategoryUpdated"], (await catalog.OutboxEventsAsync(tenant)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_renamed_category_shows_its_new_name_on_its_products_and_a_stale_ETag_is_a_412()
    {
        var kitchen = await client.CreateCategoryAsync(new { name = "Cozinha" });
        var mug = await client.CreateProductAsync(new { name = "Caneca", priceCents = 1990, categoryId = kitchen.Id });

        using var renamed = await client.PatchAsync($"/api/categories/{kitchen.Id}", new { name = "Cozinha e mesa", slug = "cozinha-mesa" }, ifMatch: "\"1\"");
        using var stale = await client.PatchAsync($"/api/categories/{kitchen.Id}", new { name = "Outra" }, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(ProblemTypes.PreconditionFailed, await stale.ProblemTypeAsync());
        Assert.Equal("Cozinha e mesa", (await client.GetFromJsonAsync<ProductResponse>($"/api/products/{mug.Id}"))!.Category);
        Assert.Equal("cozinha-mesa", (await client.GetFromJsonAsync<CategoryResponse>($"/api/categories/{kitchen.Id}"))!.Slug);
    }

    [Fact]
    public async Task A_category_used_by_a_live_product_or_a_subcategory_is_a_409_and_stays_until_they_leave()
    {
        var home = await client.CreateCategoryAsync(new { name = "Casa" });
        var kitchen = await client.CreateCategoryAsync(new { name = "Cozinha", parentId = home.Id });
        var mug = await client.CreateProductAsync(new { name = "Caneca", priceCents = 1990, categoryId = kitchen.Id });
        var plate = await client.CreateProductAsync(new { name = "Prato", priceCents = 990, categoryId = kitchen.Id });

        using var usedByProducts = await client.DeleteAsync($"/api/categories/{kitchen.Id}");
        using var usedBySubcategory = await client.DeleteAsync($"/api/categories/{home.Id}");
        foreach (var refused in new[] { usedByProducts, usedBySubcategory })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal(ProblemTypes.Conflict, await refused.ProblemTypeAsync());
        }

        Assert.Equal(2, await catalog.StoredCategoriesAsync(tenant));
        (await client.DeleteAsync($"/api/products/{mug.Id}")).EnsureSuccessStatusCode();
        (await client.PatchAsync($"/api/products/{plate.Id}", new { categoryId = (Guid?)null })).EnsureSuccessStatusCode();

        using var deleted = await client.DeleteAsync($"/api/categories/{kitchen.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/categories/{kitchen.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/categories/{home.Id}")).StatusCode);
        Assert.Equal(0, await catalog.StoredCategoriesAsync(tenant));
        using var intoDeleted = await client.PatchAsync($"/api/products/{plate.Id}", new { categoryId = kitchen.Id });
        Assert.Equal(["categoryId"], await intoDeleted.ErrorFieldsAsync());
        var events = (await catalog.OutboxEventsAsync(tenant)).Select(e => e.Type).ToList();
        Assert.Equal(2, events.Count(type => type == "CategoryDeleted"));
    }
}
