using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Catalog.Apis;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

public sealed class PostgresProductsApiTests() : ProductsApiTests(StoreKind.Postgres);

public sealed class SqliteProductsApiTests() : ProductsApiTests(StoreKind.Sqlite);

/// <summary>The products API for a tenant of each store: the same tests run against PostgreSQL and SQLite.</summary>
public abstract class ProductsApiTests(StoreKind store) : ShopTests(store)
{
    [Fact]
    public async Task A_created_product_is_stored_returned_and_announced_with_its_category_name()
    {
        var shoes = await client.CreateCategoryAsync(new { name = "Calçados" });

        using var response = await client.PostAsJsonAsync("/api/products", new
        {
            name = "  Tênis de Corrida  ",
            description = "Leve e confortável",
            priceCents = 29990,
            categoryId = shoes.Id,
            tags = new[] { "Esporte", "corrida", "esporte" },
            specifications = new { peso_g = 240, cores = new[] { "azul", "preto" }, solado = new { material = "borracha" } },
            images = new[] { $"tenants/{tenant}/products/tenis-1.jpg", "https://cdn.example.com/tenis-2.jpg" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        var created = (await response.Content.ReadFromJsonAsync<ProductResponse>())!;
        Assert.Equal($"/api/products/{created.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Tênis de Corrida", created.Name);
        Assert.Equal("BRL", created.Currency);
        Assert.Equal(["esporte", "corrida"], created.Tags);
        Assert.Equal(shoes.Id, created.CategoryId);
        Assert.Equal("Calçados", created.Category);
        Assert.True(created.Active);
        Assert.Equal(2, created.Images.Count);
        Assert.Equal(1, created.Version);

        var read = await client.GetFromJsonAsync<ProductResponse>($"/api/products/{created.Id}");
        Assert.Equivalent(created with { Specifications = default }, read! with { Specifications = default });
        Assert.Equal("""{"peso_g":240,"cores":["azul","preto"],"solado":{"material":"borracha"}}""", read!.Specifications.GetRawText());

        var announced = await catalog.Events.WaitForAsync(e => e.ProductId == created.Id);
        Assert.Equal(tenant, announced.TenantId);
        Assert.Equal(29990, announced.PriceCents);
        Assert.Equal("Calçados", announced.Category);
        Assert.Equal(shoes.Id, announced.CategoryId);
        Assert.True(announced.Active);
        Assert.Equal(created.Version, announced.Version);
        Assert.NotEqual(Guid.Empty, announced.Id);
    }

    [Fact]
    public async Task An_invalid_product_is_a_400_problem_naming_each_field_and_changes_nothing()
    {

        using var response = await client.PostAsJsonAsync("/api/products", new
        {
            name = " ",
            priceCents = -1,
            currency = "reais",
            tags = Enumerable.Range(0, 30).Select(i => $"tag{i}").ToArray(),
            specifications = new[] { "not", "an", "object" },
            images = new[] { "../outra-loja/foto.jpg" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.Validation, problem.RootElement.GetProperty("type").GetString());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(field => field.Name).Order();
        Assert.Equal(["currency", "images", "name", "priceCents", "specifications", "tags"], fields);

        Assert.Equal(0, await catalog.StoredProductsAsync(tenant));
        Assert.Equal(0, await catalog.OutboxMessagesAsync(tenant));
        await Task.Delay(300);
        Assert.Empty(catalog.Events.Drain());
    }

    [Fact]
    public async Task Text_with_a_nul_character_is_a_400_problem_and_changes_nothing()
    {

        using var response = await client.PostAsJsonAsync("/api/products", new { name = "Caneca\u0000azul", priceCents = 1990 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await catalog.StoredProductsAsync(tenant));
        Assert.Equal(0, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task A_body_of_the_wrong_shape_is_a_400_problem()
    {

        using var response = await client.PostAsJsonAsync("/api/products", new { name = "Caneca", priceCents = "cheap" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task One_tenant_never_sees_another_tenants_product()
    {
        using var owner = catalog.ClientFor(tenant);
        using var stranger = catalog.ClientFor(await catalog.ProvisionAsync(Store));
        using var created = await owner.PostAsJsonAsync("/api/products", new { name = "Caneca", priceCents = 1990 });
        var product = (await created.Content.ReadFromJsonAsync<ProductResponse>())!;

        using var response = await stranger.GetAsync($"/api/products/{product.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.NotFound, problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Requests_without_a_token_or_without_a_tenant_in_it_are_refused_and_change_nothing()
    {
        using var anonymous = catalog.AnonymousClient();
        using var operatorClient = catalog.AnonymousClient();
        operatorClient.DefaultRequestHeaders.Authorization = new("Bearer", catalog.Tokens.Issue(tenantId: null, "superadmin"));

        using var withoutToken = await anonymous.PostAsJsonAsync("/api/products", new { name = "Caneca", priceCents = 1990 });
        using var withoutTenant = await operatorClient.PostAsJsonAsync("/api/products", new { name = "Caneca", priceCents = 1990 });

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withoutTenant.StatusCode);
        Assert.Equal(0, await catalog.StoredProductsAsync(tenant));
        Assert.Equal(0, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task A_forged_tenant_header_is_ignored_the_token_decides()
    {
        client.DefaultRequestHeaders.Add("X-Tenant-Id", Guid.NewGuid().ToString());

        using var created = await client.PostAsJsonAsync("/api/products", new { name = "Caneca", priceCents = 1990 });

        var product = (await created.Content.ReadFromJsonAsync<ProductResponse>())!;
        Assert.Equal(1, await catalog.StoredProductsAsync(tenant));
        Assert.NotNull(await (await catalog.StoreOfAsync(tenant)).Products.FindAsync(product.Id, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_product_id_is_a_404_and_a_malformed_one_is_not_routed()
    {

        using var unknown = await client.GetAsync($"/api/products/{Guid.NewGuid()}");
        using var malformed = await client.GetAsync("/api/products/not-a-guid");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task Unknown_categories_oversized_specifications_foreign_images_and_unreadable_bodies_are_4xx_problems_and_change_nothing()
    {
        var neighbour = await catalog.ProvisionAsync(Store);
        using var neighbourClient = catalog.ClientFor(neighbour);
        var neighboursCategory = await neighbourClient.CreateCategoryAsync(new { name = "Do vizinho" });
        var bodies = new object[]
        {
            new { name = "Caneca", priceCents = 1990, categoryId = Guid.NewGuid() },
            new { name = "Caneca", priceCents = 1990, categoryId = neighboursCategory.Id },
            new { name = "Caneca", priceCents = 1990, specifications = new { texto = new string('x', 17 * 1024) } },
            new { name = "Caneca", priceCents = 1990, specifications = "220V" },
            new { name = "Caneca", priceCents = 1990, images = new[] { $"tenants/{neighbour}/products/caneca.jpg" } },
            new { name = "Caneca", priceCents = 1990, images = new[] { "http://cdn.example.com/caneca.jpg" } },
            new { name = "Caneca", priceCents = 1990, images = Enumerable.Range(0, 11).Select(i => $"tenants/{tenant}/{i}.jpg").ToArray() },
            new { name = "Caneca", priceCents = 1990, category = "cozinha" },
            new { name = new string('n', 1_000_000), priceCents = 1990 },
        };

        foreach (var body in bodies)
        {
            using var response = await client.PostAsJsonAsync("/api/products", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(ProblemTypes.Validation, await response.ProblemTypeAsync());
        }

        using var unreadable = await client.PostAsync("/api/products", new StringContent("{\"name\": \"Caneca\",", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Equal(ProblemTypes.BadRequest, await unreadable.ProblemTypeAsync());
        Assert.Equal(0, await catalog.StoredProductsAsync(tenant));
        Assert.Equal(0, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task Staff_read_the_catalog_but_only_owners_and_admins_change_it()
    {
        using var owner = catalog.ClientFor(tenant, "owner");
        using var admin = catalog.ClientFor(tenant, "admin");
        using var staff = catalog.ClientFor(tenant, "staff");
        var product = await owner.CreateProductAsync(new { name = "Caneca", priceCents = 1990 });
        var category = await admin.CreateCategoryAsync(new { name = "Cozinha" });

        using var create = await staff.PostAsJsonAsync("/api/products", new { name = "Prato", priceCents = 990 });
        using var patch = await staff.PatchAsync($"/api/products/{product.Id}", new { priceCents = 1 });
        using var delete = await staff.DeleteAsync($"/api/products/{product.Id}");
        using var createCategory = await staff.PostAsJsonAsync("/api/categories", new { name = "Sala" });
        using var patchCategory = await staff.PatchAsync($"/api/categories/{category.Id}", new { name = "Sala" });
        using var deleteCategory = await staff.DeleteAsync($"/api/categories/{category.Id}");
        foreach (var refused in new[] { create, patch, delete, createCategory, patchCategory, deleteCategory })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(ProblemTypes.Forbidden, await refused.ProblemTypeAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/products/{product.Id}")).StatusCode);
        Assert.Equal(1, (await staff.GetFromJsonAsync<ProductPageResponse>("/api/products"))!.Total);
        Assert.Single((await staff.GetFromJsonAsync<List<CategoryResponse>>("/api/categories"))!);
        using var adminPatch = await admin.PatchAsync($"/api/products/{product.Id}", new { priceCents = 2990 });
        Assert.Equal(HttpStatusCode.OK, adminPatch.StatusCode);
        Assert.Equal(1, await catalog.StoredProductsAsync(tenant));
        Assert.Equal(1, await catalog.StoredCategoriesAsync(tenant));
        Assert.Equal(["ProductCreated", "CategoryCreated", "ProductUpdated", "ProductPriceChanged"], (await catalog.OutboxEventsAsync(tenant)).Select(e => e.Type));
    }

    [Fact]
    public async Task Another_tenants_products_and_categories_are_404s_on_every_endpoint_and_stay_unchanged()
    {
        using var owner = catalog.ClientFor(tenant);
        var stranger = await catalog.ProvisionAsync(Store);
        using var strangerClient = catalog.ClientFor(stranger);
        var category = await owner.CreateCategoryAsync(new { name = "Cozinha" });
        var product = await owner.CreateProductAsync(new { name = "Caneca", priceCents = 1990, categoryId = category.Id });

        var responses = new[]
        {
            await strangerClient.GetAsync($"/api/products/{product.Id}"),
            await strangerClient.PatchAsync($"/api/products/{product.Id}", new { priceCents = 1 }),
            await strangerClient.PatchAsync($"/api/products/{product.Id}", new { priceCents = 1 }, ifMatch: "\"1\""),
            await strangerClient.DeleteAsync($"/api/products/{product.Id}"),
            await strangerClient.GetAsync($"/api/categories/{category.Id}"),
            await strangerClient.PatchAsync($"/api/categories/{category.Id}", new { name = "Minha" }),
            await strangerClient.DeleteAsync($"/api/categories/{category.Id}"),
        };
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(ProblemTypes.NotFound, await response.ProblemTypeAsync());
            response.Dispose();
        }

        using var createdInForeignCategory = await strangerClient.PostAsJsonAsync("/api/products", new { name = "Intruso", priceCents = 1, categoryId = category.Id });
        Assert.Equal(HttpStatusCode.BadRequest, createdInForeignCategory.StatusCode);
        Assert.Equal(0, (await strangerClient.GetFromJsonAsync<ProductPageResponse>($"/api/products?categoryId={category.Id}"))!.Total);
        Assert.Empty((await strangerClient.GetFromJsonAsync<List<CategoryResponse>>("/api/categories"))!);
        var read = (await owner.GetFromJsonAsync<ProductResponse>($"/api/products/{product.Id}"))!;
        Assert.Equal((1990L, 1L, "Cozinha"), (read.PriceCents, read.Version, read.Category));
        Assert.Equal(0, await catalog.StoredProductsAsync(stranger));
        Assert.Equal(0, await catalog.OutboxMessagesAsync(stranger));
        Assert.Equal(2, await catalog.OutboxMessagesAsync(tenant));
    }
}
