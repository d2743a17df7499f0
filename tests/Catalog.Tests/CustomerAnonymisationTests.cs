using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Catalog.Apis;
using Platform.Catalog.Figures;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

public sealed class PostgresCustomerAnonymisationTests() : CustomerAnonymisationTests(StoreKind.Postgres);

public sealed class SqliteCustomerAnonymisationTests() : CustomerAnonymisationTests(StoreKind.Sqlite);

/// <summary>Orders naming customers, and the right to be forgotten, for a tenant of each store.</summary>
public abstract class CustomerAnonymisationTests(StoreKind store) : ShopTests(store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task An_order_names_its_customer_and_the_order_list_filters_by_customer()
    {
        var product = await ProductAsync(stock: 5);
        var ana = await client.CreateCustomerAsync(new { name = "Ana", email = "ana@example.com" });

        var order = await PlaceAsync(product, ana.Id);
        var anonymous = await PlaceAsync(product, customerId: null);
        using var unknown = await client.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product, quantity = 1 } }, customerId = Guid.NewGuid() });

        Assert.Equal(ana.Id, order.CustomerId);
        Assert.Null(anonymous.CustomerId);
        Assert.Equal(ana.Id, (await client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", Json))!.CustomerId);
        Assert.Equal([order.Id], (await OrdersOfAsync(ana.Id)).Select(listed => listed.Id));
        Assert.Equal(2, (await client.GetFromJsonAsync<OrderPageResponse>("/api/orders", Json))!.Total);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["customerId"], await unknown.ErrorFieldsAsync());
        Assert.Equal(3, (await client.GetFromJsonAsync<Inventory.StockLevel>($"/api/products/{product}/inventory", Json))!.Available);
    }

    [Fact]
    public async Task Anonymising_forgets_the_personal_data_detaches_the_orders_and_keeps_every_figure()
    {
        var product = await ProductAsync(stock: 10);
        var ana = await client.CreateCustomerAsync(new
        {
            name = "Ana Lúcia Silva", email = "ana.lucia@example.com", phone = "+55 81 98888-7777", document = "529.982.247-25",
            address = new { street = "Rua da Aurora, 10" }, notes = "Cliente desde 2019",
        });
        (await client.PatchAsync($"/api/customers/{ana.Id}", new { phone = "+55 81 97777-6666" })).EnsureSuccessStatusCode();
        var bia = await client.CreateCustomerAsync(new { name = "Bia", email = "bia@example.com" });
        var delivered = await PlaceAsync(product, ana.Id, quantity: 2);
        foreach (var step in new[] { "confirm", "ship", "deliver" })
        {
            (await client.PostAsync($"/api/orders/{delivered.Id}/{step}", null)).EnsureSuccessStatusCode();
        }

        var pending = await PlaceAsync(product, ana.Id, quantity: 1);
        var biasOrder = await PlaceAsync(product, bia.Id, quantity: 3);
        var figuresBefore = await FiguresAsync();
        var ordersBefore = (await client.GetFromJsonAsync<OrderPageResponse>("/api/orders", Json))!;

        using var response = await client.PostAsync($"/api/customers/{ana.Id}/anonymise", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"3\"", response.Headers.ETag!.Tag);
        var forgotten = (await response.Content.ReadFromJsonAsync<CustomerResponse>())!;
        Assert.Equal(("Anonymised customer", 3L), (forgotten.Name, forgotten.Version));
        Assert.All(new object?[] { forgotten.Email, forgotten.Phone, forgotten.Document, forgotten.Address, forgotten.Notes }, Assert.Null);
        Assert.NotNull(forgotten.AnonymisedAt);
        Assert.Equivalent(forgotten, await client.GetFromJsonAsync<CustomerResponse>($"/api/customers/{ana.Id}"));

        Assert.Equivalent(figuresBefore, await FiguresAsync());
        var ordersAfter = (await client.GetFromJsonAsync<OrderPageResponse>("/api/orders", Json))!;
        Assert.Equal(ordersBefore.Total, ordersAfter.Total);
        Assert.Equivalent(ordersBefore.Items.Select(order => order with { CustomerId = null }), ordersAfter.Items.Select(order => order with { CustomerId = null }));
        Assert.Equal([pending.Id, delivered.Id], ordersAfter.Items.Where(order => order.CustomerId is null).Select(order => order.Id));
        Assert.Equal(bia.Id, ordersAfter.Items.Single(order => order.Id == biasOrder.Id).CustomerId);
        Assert.Empty(await OrdersOfAsync(ana.Id));
        Assert.Equal((2500L * 2, 2, "Caneca"), (delivered.TotalCents, delivered.Items.Single().Quantity, delivered.Items.Single().ProductName));

        var events = await catalog.OutboxEventsAsync(tenant);
        var anonymised = Assert.Single(events, e => e.Type == "CustomerAnonymised").Payload;
        Assert.Equal((ana.Id, 2, 3L), (anonymised.GetProperty("customerId").GetGuid(), anonymised.GetProperty("detachedOrders").GetInt32(),
            anonymised.GetProperty("version").GetInt64()));
        var anasEvents = events.Where(e => e.Payload.TryGetProperty("customerId", out var id) && id.GetGuid() == ana.Id).ToList();
        Assert.Equal(["CustomerCreated", "CustomerUpdated", "CustomerAnonymised"], anasEvents.Select(e => e.Type));
        foreach (var (_, payload) in anasEvents)
        {
            var text = payload.GetRawText();
            foreach (var personal in new[] { "Ana", "ana.lucia", "98888", "97777", "52998224725", "Aurora", "2019" })
            {
                Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
            }
        }

        Assert.Contains(events, e => e.Type == "CustomerCreated" && e.Payload.GetProperty("email").GetString() == "bia@example.com");
    }

    [Fact]
    public async Task Anonymising_again_changes_nothing_and_an_anonymised_customer_cannot_change_or_buy()
    {
        var product = await ProductAsync(stock: 5);
        var ana = await client.CreateCustomerAsync(new { name = "Ana", email = "ana@example.com" });
        using var stale = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/customers/{ana.Id}/anonymise")
        {
            Headers = { { "If-Match", "\"7\"" } },
        });
        Assert.Equal((HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed), (stale.StatusCode, await stale.ProblemTypeAsync()));

        using var first = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/customers/{ana.Id}/anonymise")
        {
            Headers = { { "If-Match", "\"1\"" } },
        });
        using var second = await client.PostAsync($"/api/customers/{ana.Id}/anonymise", null);
        using var patch = await client.PatchAsync($"/api/customers/{ana.Id}", new { email = "ana@example.com" });
        using var order = await client.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product, quantity = 1 } }, customerId = ana.Id });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equivalent(await first.Content.ReadFromJsonAsync<CustomerResponse>(), await second.Content.ReadFromJsonAsync<CustomerResponse>());
        Assert.Equal((HttpStatusCode.Conflict, ProblemTypes.Conflict), (patch.StatusCode, await patch.ProblemTypeAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, order.StatusCode);
        Assert.Equal(["customerId"], await order.ErrorFieldsAsync());
        Assert.Equal(["CustomerCreated", "CustomerAnonymised"],
            (await catalog.OutboxEventsAsync(tenant)).Select(e => e.Type).Where(type => type.StartsWith("Customer", StringComparison.Ordinal)));
        Assert.Equal(0, (await client.GetFromJsonAsync<OrderPageResponse>("/api/orders", Json))!.Total);
    }

    [Fact]
    public async Task An_anonymised_customers_e_mail_address_is_free_for_a_new_customer()
    {
        var ana = await client.CreateCustomerAsync(new { name = "Ana", email = "ana@example.com" });
        (await client.PostAsync($"/api/customers/{ana.Id}/anonymise", null)).EnsureSuccessStatusCode();

        var again = await client.CreateCustomerAsync(new { name = "Ana de novo", email = "Ana@Example.com" });

        Assert.NotEqual(ana.Id, again.Id);
        Assert.Equal("ana@example.com", again.Email);
        var found = (await client.GetFromJsonAsync<CustomerPageResponse>("/api/customers?q=ana%40example"))!;
        Assert.Equal([again.Id], found.Items.Select(customer => customer.Id));
        Assert.Equal(2, (await client.GetFromJsonAsync<CustomerPageResponse>("/api/customers"))!.Total);
    }

    [Fact]
    public async Task Orders_racing_an_anonymisation_are_either_placed_before_it_and_detached_or_refused()
    {
        const int racers = 12;
        var product = await ProductAsync(stock: racers);
        var ana = await client.CreateCustomerAsync(new { name = "Ana", email = "ana@example.com", phone = "+55 81 98888-7777" });
        var start = new TaskCompletionSource();
        var orders = Enumerable.Range(0, racers).Select(async _ =>
        {
            await start.Task;
            using var response = await client.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product, quantity = 1 } }, customerId = ana.Id });
            return response.StatusCode;
        }).ToList();
        var anonymisation = Task.Run(async () =>
        {
            await start.Task;
            await Task.Delay(5);
            using var response = await client.PostAsync($"/api/customers/{ana.Id}/anonymise", null);
            return response.StatusCode;
        });

        start.SetResult();
        var statuses = await Task.WhenAll(orders);

        Assert.Equal(HttpStatusCode.OK, await anonymisation);
        Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.Created, HttpStatusCode.BadRequest }));
        var placed = statuses.Count(status => status == HttpStatusCode.Created);
        var all = (await client.GetFromJsonAsync<OrderPageResponse>("/api/orders?pageSize=100", Json))!;
        Assert.Equal(placed, all.Total);
        // Whatever won the race, no order still names the forgotten customer, and stock matches the orders placed.
        Assert.All(all.Items, order => Assert.Null(order.CustomerId));
        Assert.Empty(await OrdersOfAsync(ana.Id));
        var stock = (await client.GetFromJsonAsync<Inventory.StockLevel>($"/api/products/{product}/inventory", Json))!;
        Assert.Equal((racers - placed, placed), (stock.Available, stock.Reserved));
        var forgotten = (await client.GetFromJsonAsync<CustomerResponse>($"/api/customers/{ana.Id}"))!;
        Assert.Null(forgotten.Email);
        Assert.Null(forgotten.Phone);
    }

    private async Task<Guid> ProductAsync(int stock)
    {
        var product = await client.CreateProductAsync(new { name = "Caneca", priceCents = 2500 });
        (await client.PostAsJsonAsync($"/api/products/{product.Id}/restock", new { quantity = stock })).EnsureSuccessStatusCode();
        return product.Id;
    }

    private async Task<OrderResponse> PlaceAsync(Guid product, Guid? customerId, int quantity = 1)
    {
        using var response = await client.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product, quantity } }, customerId });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonSerializer.Deserialize<OrderResponse>(text, Json)!;
    }

    private async Task<List<OrderResponse>> OrdersOfAsync(Guid customerId) =>
        [.. (await client.GetFromJsonAsync<OrderPageResponse>($"/api/orders?customerId={customerId}", Json))!.Items];

    private async Task<TenantFigures> FiguresAsync() => (await client.GetFromJsonAsync<TenantFigures>($"/api/tenants/{tenant}/figures", Json))!;
}
