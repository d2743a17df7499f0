using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Catalog.Apis;
using Platform.Catalog.Figures;
using Platform.Catalog.Inventory;
using Platform.Catalog.Orders;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

public sealed class PostgresOrdersApiTests() : OrdersApiTests(StoreKind.Postgres);

public sealed class SqliteOrdersApiTests() : OrdersApiTests(StoreKind.Sqlite);

/// <summary>Orders and stock for a tenant of each store: the same tests run against PostgreSQL and SQLite.</summary>
public abstract class OrdersApiTests(StoreKind store) : ShopTests(store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task An_order_reserves_its_stock_prices_its_items_and_is_announced_with_the_stock_change()
    {
        var mug = await ProductAsync("Caneca", 2500, stock: 10);
        var tee = await ProductAsync("Camiseta", 4990, stock: 3);

        var order = await PlaceAsync(new { items = new[] { new { productId = mug, quantity = 2 }, new { productId = tee, quantity = 1 }, new { productId = mug, quantity = 1 } },
            description = "Troca de tela", priority = "urgent", assignee = "Ana" });

        Assert.Equal(1, order.Number);
        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal(3 * 2500 + 4990, order.TotalCents);
        Assert.Equal(3, order.Items.Single(item => item.ProductId == mug).Quantity);
        Assert.Equal(OrderPriority.Urgent, order.Priority);
        Assert.Equal(new StockLevel(mug, 7, 3, 5, (await StockAsync(mug)).LastRestockedAt), await StockAsync(mug));
        Assert.Equal(2, (await StockAsync(tee)).Available);
        Assert.Equivalent(order, await client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", Json));
        Assert.Equal(2, (await PlaceAsync(new { items = new[] { new { productId = tee, quantity = 1 } } })).Number);
        // Two restocks, two orders and one stock change per product of each order.
        Assert.Equal(2 + 2 + 3, await catalog.OutboxMessagesAsync(tenant) - 2);
    }

    [Fact]
    public async Task Concurrent_orders_place_exactly_as_many_as_the_stock_allows_and_leave_it_consistent()
    {
        const int stock = 7;
        const int clients = 20;
        var product = await ProductAsync("Edição limitada", 10000, stock);

        var statuses = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            using var response = await client.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product, quantity = 1 } } });
            return response.StatusCode;
        }));

        Assert.Equal(stock, statuses.Count(status => status == HttpStatusCode.Created));
        Assert.Equal(clients - stock, statuses.Count(status => status == HttpStatusCode.Conflict));
        var level = await StockAsync(product);
        Assert.Equal((0, stock), (level.Available, level.Reserved));
        var page = await client.GetFromJsonAsync<OrderPageResponse>("/api/orders?pageSize=100", Json);
        Assert.Equal(stock, page!.Total);
        // Numbers are unique; an order refused for want of stock may leave a gap (PostgreSQL takes them outside the order).
        Assert.Equal(stock, page.Items.Select(order => order.Number).Distinct().Count());
    }

    [Fact]
    public async Task A_retried_order_with_the_same_idempotency_key_returns_the_first_order_and_places_no_other()
    {
        var product = await ProductAsync("Caneca", 2500, stock: 10);
        var body = new { items = new[] { new { productId = product, quantity = 2 } } };

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
            request.Headers.Add(OrdersApi.IdempotencyKeyHeader, "pedido-123");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<OrderResponse>(Json))!;
        }));

        Assert.Single(attempts.Select(order => order.Id).Distinct());
        Assert.Equal(8, (await StockAsync(product)).Available);
        using var reused = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { items = new[] { new { productId = product, quantity = 5 } } }),
        };
        reused.Headers.Add(OrdersApi.IdempotencyKeyHeader, "pedido-123");
        using var refused = await client.SendAsync(reused);
        await AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, ProblemTypes.IdempotencyKeyReused);
        Assert.Equal(8, (await StockAsync(product)).Available);
    }

    [Fact]
    public async Task Delivery_sells_the_reserved_stock_cancellation_releases_it_and_invalid_moves_are_409()
    {
        var product = await ProductAsync("Caneca", 2500, stock: 10);
        var delivered = await PlaceAsync(new { items = new[] { new { productId = product, quantity = 2 } } });
        var cancelled = await PlaceAsync(new { items = new[] { new { productId = product, quantity = 3 } } });

        foreach (var step in new[] { "confirm", "ship", "deliver" })
        {
            using var moved = await client.PostAsync($"/api/orders/{delivered.Id}/{step}", null);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        using (var cancel = await client.PostAsync($"/api/orders/{cancelled.Id}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        var level = await StockAsync(product);
        Assert.Equal((8, 0), (level.Available, level.Reserved));
        var final = await client.GetFromJsonAsync<OrderResponse>($"/api/orders/{delivered.Id}", Json);
        Assert.Equal((OrderStatus.Delivered, 4L), (final!.Status, final.Version));
        Assert.NotNull(final.CompletedAt);

        using var again = await client.PostAsync($"/api/orders/{cancelled.Id}/cancel", null);
        using var backwards = await client.PostAsync($"/api/orders/{delivered.Id}/cancel", null);
        await AssertProblemAsync(again, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        await AssertProblemAsync(backwards, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        Assert.Equal((8, 0), ((await StockAsync(product)).Available, (await StockAsync(product)).Reserved));

        var figures = await client.GetFromJsonAsync<TenantFigures>($"/api/tenants/{tenant}/figures", Json);
        Assert.Equal((2L, 0L, 5000L), (figures!.Orders, figures.OpenOrders, figures.RevenueCents));
    }

    [Fact]
    public async Task Malformed_or_out_of_range_orders_are_4xx_problems_and_change_nothing()
    {
        var product = await ProductAsync("Caneca", 2500, stock: 2);
        var outboxBefore = await catalog.OutboxMessagesAsync(tenant);

        var attempts = new (string Body, HttpStatusCode Status, string Type)[]
        {
            ($$"""{"items":[{"productId":"{{product}}","quantity":-1}]}""", HttpStatusCode.BadRequest, ProblemTypes.Validation),
            ($$"""{"items":[{"productId":"{{product}}","quantity":3}]}""", HttpStatusCode.Conflict, ProblemTypes.InsufficientStock),
            ($$"""{"items":[{"productId":"{{Guid.NewGuid()}}","quantity":1}]}""", HttpStatusCode.BadRequest, ProblemTypes.Validation),
            ("""{"items":[]}""", HttpStatusCode.BadRequest, ProblemTypes.Validation),
            ($$"""{"items":[{"productId":"{{product}}","quantity":1}],"priority":"whenever"}""", HttpStatusCode.BadRequest, ProblemTypes.Validation),
            ("""{"items":[{"productId":""", HttpStatusCode.BadRequest, ProblemTypes.BadRequest),
            ($$"""{"items":[{"productId":"{{product}}","quantity":"one"}]}""", HttpStatusCode.BadRequest, ProblemTypes.BadRequest),
        };
        foreach (var (body, status, type) in attempts)
        {
            using var response = await client.PostAsync("/api/orders", new StringContent(body, Encoding.UTF8, "application/json"));
            await AssertProblemAsync(response, status, type);
        }

        using var hugePage = await client.GetAsync("/api/orders?pageSize=100000");
        await AssertProblemAsync(hugePage, HttpStatusCode.BadRequest, ProblemTypes.Validation);
        using var zeroRestock = await client.PostAsJsonAsync($"/api/products/{product}/restock", new { quantity = 0 });
        await AssertProblemAsync(zeroRestock, HttpStatusCode.BadRequest, ProblemTypes.Validation);

        Assert.Equal((2, 0), ((await StockAsync(product)).Available, (await StockAsync(product)).Reserved));
        Assert.Equal(0, (await client.GetFromJsonAsync<OrderPageResponse>("/api/orders", Json))!.Total);
        Assert.Equal(outboxBefore, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task Oversized_bodies_get_a_413_problem_from_the_real_server_and_change_nothing()
    {
        var product = await ProductAsync("Caneca", 2500, stock: 2);
        var productsBefore = await catalog.StoredProductsAsync(tenant);
        var outboxBefore = await catalog.OutboxMessagesAsync(tenant);
        catalog.StartInstance(kestrel: true);
        using var overTheWire = catalog.ClientFor(tenant, instance: 1);
        var padding = new string('x', (int)OrdersApi.MaxBodyBytes);

        using var order = await overTheWire.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product, quantity = 1 } }, description = padding });
        using var newProduct = await overTheWire.PostAsJsonAsync("/api/products", new { name = "Enorme", priceCents = 100, description = new string('y', (int)ProductsApi.MaxBodyBytes) });

        await AssertProblemAsync(order, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        await AssertProblemAsync(newProduct, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        Assert.Equal((2, 0), ((await StockAsync(product)).Available, (await StockAsync(product)).Reserved));
        Assert.Equal(productsBefore, await catalog.StoredProductsAsync(tenant));
        Assert.Equal(outboxBefore, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task Another_tenants_token_gets_a_404_for_every_order_and_stock_endpoint()
    {
        var product = await ProductAsync("Caneca", 2500, stock: 5);
        var order = await PlaceAsync(new { items = new[] { new { productId = product, quantity = 1 } } });
        using var stranger = catalog.ClientFor(await catalog.ProvisionAsync(Store));

        var responses = new List<HttpResponseMessage>
        {
            await stranger.GetAsync($"/api/orders/{order.Id}"),
            await stranger.PostAsync($"/api/orders/{order.Id}/confirm", null),
            await stranger.PostAsync($"/api/orders/{order.Id}/cancel", null),
            await stranger.GetAsync($"/api/products/{product}/inventory"),
            await stranger.PostAsJsonAsync($"/api/products/{product}/restock", new { quantity = 5 }),
        };
        foreach (var response in responses)
        {
            await AssertProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
            response.Dispose();
        }

        using var strangersOrder = await stranger.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product, quantity = 1 } } });
        Assert.Equal(HttpStatusCode.BadRequest, strangersOrder.StatusCode);
        Assert.Equal(0, (await stranger.GetFromJsonAsync<OrderPageResponse>("/api/orders", Json))!.Total);
        Assert.Equal((4, 1), ((await StockAsync(product)).Available, (await StockAsync(product)).Reserved));
        Assert.Equal(OrderStatus.Pending, (await client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", Json))!.Status);
    }

    [Fact]
    public async Task Low_stock_lists_the_products_at_or_under_their_threshold_emptiest_first()
    {
        var empty = await ProductAsync("Acabou", 100, stock: 1);
        var low = await ProductAsync("Quase", 100, stock: 4);
        await ProductAsync("Sobrando", 100, stock: 50);
        await PlaceAsync(new { items = new[] { new { productId = empty, quantity = 1 } } });

        var lows = await client.GetFromJsonAsync<List<StockLevel>>("/api/inventory/low-stock", Json);

        Assert.Equal([empty, low], lows!.Select(level => level.ProductId));
        Assert.Equal(1, (await client.GetFromJsonAsync<TenantFigures>($"/api/tenants/{tenant}/figures", Json))!.OpenOrders);
    }

    private async Task<Guid> ProductAsync(string name, long priceCents, int stock)
    {
        using var created = await client.PostAsJsonAsync("/api/products", new { name, priceCents });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<ProductResponse>(Json))!.Id;
        using var restocked = await client.PostAsJsonAsync($"/api/products/{id}/restock", new { quantity = stock });
        Assert.Equal(HttpStatusCode.OK, restocked.StatusCode);
        return id;
    }

    private async Task<OrderResponse> PlaceAsync(object body)
    {
        using var response = await client.PostAsJsonAsync("/api/orders", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonSerializer.Deserialize<OrderResponse>(text, Json)!;
    }

    private async Task<StockLevel> StockAsync(Guid product) => (await client.GetFromJsonAsync<StockLevel>($"/api/products/{product}/inventory", Json))!;

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal(type, JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
    }
}
