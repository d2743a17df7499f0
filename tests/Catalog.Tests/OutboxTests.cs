using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using System.Data.Common;
using Platform.Catalog.Tenants;
using Platform.Catalog.Apis;
using Platform.Catalog.Products;
using Platform.Contracts;
using Platform.Contracts.Catalog;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Tests;

public sealed class PostgresOutboxTests() : OutboxTests(StoreKind.Postgres)
{
    [Fact]
    public async Task An_event_stored_without_its_tenant_column_by_an_older_instance_is_still_published()
    {
        await using var catalog = new CatalogFixture();
        await catalog.InitializeAsync();
        var tenant = await catalog.ProvisionAsync(StoreKind.Postgres);
        var product = Product.Create(tenant, Draft("De uma versão anterior"), null, DateTimeOffset.UtcNow);
        var announced = Announce(product, Guid.NewGuid());

        // The insert an instance from before the tenant column makes.
        await using (var insert = catalog.Database.CreateCommand(
            "INSERT INTO catalog.outbox_messages (id, message_type, payload, occurred_at) VALUES ($1, $2, $3::jsonb, $4)"))
        {
            insert.Parameters.Add(new() { Value = announced.Id });
            insert.Parameters.Add(new() { Value = typeof(ProductCreated).FullName! });
            insert.Parameters.Add(new() { Value = JsonSerializer.Serialize(announced, announced.GetType(), JsonSerializerOptions.Web) });
            insert.Parameters.Add(new() { Value = announced.OccurredAt });
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(product.Id, (await catalog.Events.WaitForAsync(e => e.Id == announced.Id)).ProductId);
        await Eventually.MatchAsync(() => catalog.OutboxMessagesAsync(tenant, pendingOnly: true), pending => pending == 0, what: "marked published");
    }
}

public sealed class SqliteOutboxTests() : OutboxTests(StoreKind.Sqlite);

/// <summary>The outbox's guarantees, for a tenant of each store: the same tests run against PostgreSQL and SQLite.</summary>
public abstract class OutboxTests(StoreKind store)
{
    [Fact]
    public async Task A_broker_outage_loses_no_event_and_does_not_fail_the_request()
    {
        await using var proxy = ProxyToBroker();
        await using var catalog = await StartBehindAsync(proxy);
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        var before = await CreateAsync(client, "Antes da queda");
        await catalog.Events.WaitForAsync(e => e.ProductId == before);
        // The relay marks a row published just after the broker confirmed it, so a consumer can see it a moment earlier.
        await Eventually.MatchAsync(() => catalog.OutboxMessagesAsync(tenant, pendingOnly: true), pending => pending == 0, what: "first event marked");

        proxy.Cut();
        var during = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            during.Add(await CreateAsync(client, $"Durante a queda {i}"));
        }

        Assert.Equal(5, await catalog.OutboxMessagesAsync(tenant, pendingOnly: true));
        // At least once: a confirm slower than the publish timeout sends the first event again, which is allowed.
        Assert.DoesNotContain(catalog.Events.Drain(), e => during.Contains(e.ProductId));

        proxy.Restore();
        var received = new HashSet<Guid>();
        while (!during.All(received.Contains))
        {
            received.Add((await catalog.Events.WaitForAsync(_ => true, TimeSpan.FromSeconds(60))).ProductId);
        }

        await Eventually.MatchAsync(
            () => catalog.OutboxMessagesAsync(tenant, pendingOnly: true),
            pending => pending == 0,
            what: "outbox drained");
    }

    [Fact]
    public async Task Orders_placed_while_the_broker_is_down_are_all_announced_once_it_is_back()
    {
        await using var proxy = ProxyToBroker();
        await using var catalog = await StartBehindAsync(proxy);
        await using var announcements = await TestBus<OrderPlaced>.StartAsync(catalog.VirtualHost.AmqpUri);
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        var product = await CreateAsync(client, "Caneca");
        using (var restocked = await client.PostAsJsonAsync($"/api/products/{product}/restock", new { quantity = 10 }))
        {
            restocked.EnsureSuccessStatusCode();
        }

        proxy.Cut();
        var placed = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product, quantity = 1 } } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            placed.Add(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
        }

        proxy.Restore();
        var received = new HashSet<Guid>();
        while (!placed.All(received.Contains))
        {
            received.Add((await announcements.WaitForAsync(_ => true, TimeSpan.FromSeconds(60))).OrderId);
        }

        await Eventually.MatchAsync(() => catalog.OutboxMessagesAsync(tenant, pendingOnly: true), pending => pending == 0, what: "outbox drained");
    }

    [Fact]
    public async Task A_connection_lost_while_events_are_being_published_loses_none_of_them()
    {
        await using var proxy = ProxyToBroker();
        await using var catalog = await StartBehindAsync(proxy);
        var tenant = await catalog.ProvisionAsync(store);

        var creating = Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            using var client = catalog.ClientFor(tenant);
            return await CreateAsync(client, $"Em voo {i}");
        }));
        await Eventually.MatchAsync(() => Task.FromResult(catalog.Events.Drain().Count), count => count > 0, what: "publishing under way");
        for (var flap = 0; flap < 5; flap++)
        {
            proxy.Cut();
            await Task.Delay(150);
            proxy.Restore();
            await Task.Delay(300);
        }

        var created = await creating;

        await Eventually.MatchAsync(
            () => catalog.OutboxMessagesAsync(tenant, pendingOnly: true),
            pending => pending == 0,
            TimeSpan.FromSeconds(90),
            "outbox drained after the broker came back");
        Assert.Equal(60, created.Distinct().Count());
    }

    [Fact]
    public async Task After_the_bus_is_restarted_to_rebuild_its_channels_events_flow_again()
    {
        await using var catalog = new CatalogFixture();
        await catalog.InitializeAsync();
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        await using var scope = catalog.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<MassTransit.IBusControl>();
        await StartedAsync(bus);

        // What the relay does when a broken channel keeps failing publishes on a connected bus.
        await bus.StopAsync();
        await bus.StartAsync();
        var created = await CreateAsync(client, "Depois do reinício");

        Assert.Equal(created, (await catalog.Events.WaitForAsync(e => e.ProductId == created)).ProductId);
    }

    [Fact]
    public async Task A_bus_restart_that_meets_the_broker_gone_waits_for_it_and_events_flow_again()
    {
        await using var proxy = ProxyToBroker();
        await using var catalog = await StartBehindAsync(proxy);
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        await using var scope = catalog.CreateScope();
        var publisher = scope.ServiceProvider.GetRequiredService<OutboxPublisher>();
        var bus = scope.ServiceProvider.GetRequiredService<MassTransit.IBusControl>();

        // A restart for stuck publishes whose stop has just finished when the broker leaves: the start must wait.
        await bus.StopAsync();
        proxy.Cut();
        var restart = publisher.RestartBusAsync(CancellationToken.None);
        var created = await CreateAsync(client, "Durante o reinício");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(restart.IsCompleted);

        proxy.Restore();
        await restart.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(created, (await catalog.Events.WaitForAsync(e => e.ProductId == created, TimeSpan.FromSeconds(60))).ProductId);
    }

    [Fact]
    public async Task Events_are_published_in_the_order_their_changes_were_committed()
    {
        await using var catalog = new CatalogFixture();
        await catalog.InitializeAsync();
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);

        var created = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            created.Add(await CreateAsync(client, $"Produto {i}"));
        }

        var received = new List<Guid>();
        while (received.Count < created.Count)
        {
            received.Add((await catalog.Events.WaitForAsync(_ => true)).ProductId);
        }

        Assert.Equal(created, received);
    }

    [Fact]
    public async Task Each_tenants_events_keep_their_order_when_tenants_are_published_side_by_side()
    {
        await using var proxy = ProxyToBroker();
        await using var catalog = await StartBehindAsync(proxy);
        var tenants = new[] { await catalog.ProvisionAsync(store), await catalog.ProvisionAsync(store), await catalog.ProvisionAsync(store) };
        var clients = tenants.ToDictionary(tenant => tenant, tenant => catalog.ClientFor(tenant));

        // With the broker away the events pile up, so the relay meets all three tenants' events at once when it returns.
        proxy.Cut();
        var created = tenants.ToDictionary(tenant => tenant, _ => new List<Guid>());
        for (var i = 0; i < 15; i++)
        {
            var tenant = tenants[i % tenants.Length];
            created[tenant].Add(await CreateAsync(clients[tenant], $"Produto {i}"));
        }

        proxy.Restore();
        var received = tenants.ToDictionary(tenant => tenant, _ => new List<Guid>());
        while (received.Values.Sum(list => list.Count) < 15)
        {
            // At least once: a batch retried after a slow confirm comes again; its first copies carry the order.
            var e = await catalog.Events.WaitForAsync(_ => true, TimeSpan.FromSeconds(60));
            if (!received[e.TenantId].Contains(e.ProductId))
            {
                received[e.TenantId].Add(e.ProductId);
            }
        }

        Assert.All(tenants, tenant => Assert.Equal(created[tenant], received[tenant]));
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_tenant_with_a_backlog_does_not_hold_back_another_tenants_events()
    {
        await using var catalog = new CatalogFixture();
        await catalog.InitializeAsync();
        var busy = await catalog.ProvisionAsync(store);
        var quiet = await catalog.ProvisionAsync(store);

        // One commit leaves the busy shop thousands of events to relay, far more than one relay turn.
        var product = Product.Create(busy, Draft("Promoção relâmpago"), null, DateTimeOffset.UtcNow);
        var backlog = Enumerable.Range(0, 5000).Select(_ => Announce(product, Guid.NewGuid())).ToList();
        Assert.Equal(ProductWrite.Done, await (await catalog.StoreOfAsync(busy)).Products.AddAsync(product, 10, backlog, CancellationToken.None));
        await catalog.Events.WaitForAsync(e => e.TenantId == busy);

        using var client = catalog.ClientFor(quiet);
        var created = await CreateAsync(client, "Loja tranquila");
        await catalog.Events.WaitForAsync(e => e.ProductId == created);

        Assert.True(await catalog.OutboxMessagesAsync(busy, pendingOnly: true) > 0, "the quiet shop's event waited for the busy shop's whole backlog");
        await Eventually.MatchAsync(() => catalog.OutboxMessagesAsync(busy, pendingOnly: true), pending => pending == 0, TimeSpan.FromSeconds(90), "backlog drained");
    }

    [Fact]
    public async Task Published_events_are_deleted_once_past_the_retention()
    {
        await using var catalog = new CatalogFixture();
        catalog.Settings["Outbox:Retention"] = "00:00:00.2";
        catalog.Settings["Outbox:CleanupInterval"] = "00:00:00.2";
        await catalog.InitializeAsync();
        var tenant = await catalog.ProvisionAsync(store);
        using var client = catalog.ClientFor(tenant);
        var old = await CreateAsync(client, "Antigo");
        await catalog.Events.WaitForAsync(e => e.ProductId == old);
        await Task.Delay(500);

        // The next relay pass, which a newer event brings about, deletes what was published before the retention.
        var recent = await CreateAsync(client, "Recente");
        await catalog.Events.WaitForAsync(e => e.ProductId == recent);

        await Eventually.MatchAsync(
            async () => (await catalog.OutboxEventsAsync(tenant)).Select(row => row.Payload.GetProperty("productId").GetGuid()).ToList(),
            products => !products.Contains(old),
            what: "the old published event deleted");
    }

    [Fact]
    public async Task Two_instances_relay_one_outbox_without_duplicates()
    {
        await using var catalog = new CatalogFixture();
        await catalog.InitializeAsync();
        catalog.StartInstance();
        var tenant = await catalog.ProvisionAsync(store);

        var created = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            using var client = catalog.ClientFor(tenant, instance: i % 2);
            return await CreateAsync(client, $"Item {i}");
        }));

        var received = new List<Guid>();
        while (received.Count < created.Length)
        {
            received.Add((await catalog.Events.WaitForAsync(_ => true)).ProductId);
        }

        await Task.Delay(500);
        received.AddRange(catalog.Events.Drain().Select(e => e.ProductId));
        Assert.Equal(created.Order(), received.Order());
    }

    [Fact]
    public async Task A_change_whose_event_cannot_be_stored_is_not_stored_either()
    {
        await using var catalog = new CatalogFixture();
        await catalog.InitializeAsync();
        var tenant = await catalog.ProvisionAsync(store);
        var products = (await catalog.StoreOfAsync(tenant)).Products;
        var first = Product.Create(tenant, Draft("Primeiro"), null, DateTimeOffset.UtcNow);
        var second = Product.Create(tenant, Draft("Segundo"), null, DateTimeOffset.UtcNow);
        var eventId = Guid.NewGuid();
        Assert.Equal(ProductWrite.Done, await products.AddAsync(first, 10, [Announce(first, eventId)], CancellationToken.None));

        // The same event id again violates the outbox's uniqueness: the product insert must roll back with it.
        await Assert.ThrowsAnyAsync<DbException>(() => products.AddAsync(second, 10, [Announce(second, eventId)], CancellationToken.None));

        Assert.NotNull(await products.FindAsync(first.Id, CancellationToken.None));
        Assert.Null(await products.FindAsync(second.Id, CancellationToken.None));
        Assert.Equal(1, await catalog.StoredProductsAsync(tenant));
    }

    /// <summary>Catalog reaching the broker only through <paramref name="proxy"/>, retrying its outbox every second.</summary>
    private static TcpProxy ProxyToBroker()
    {
        var broker = new Uri(TestEnvironment.Messaging);
        return TcpProxy.Start(broker.Host, broker.Port);
    }

    private static async Task<CatalogFixture> StartBehindAsync(TcpProxy proxy)
    {
        var catalog = new CatalogFixture
        {
            MessagingAddress = vhost => new UriBuilder(vhost.AmqpUri) { Port = proxy.Port }.Uri.ToString(),
        };
        catalog.Settings["Outbox:PublishTimeout"] = "00:00:01";
        catalog.Settings["Outbox:MaxBackoff"] = "00:00:01";
        await catalog.InitializeAsync();

        // A cut while the bus is still starting can leave MassTransit 8.4's start waiting on an endpoint for good;
        // these tests are about outages of a running service.
        await using var scope = catalog.CreateScope();
        await StartedAsync(scope.ServiceProvider.GetRequiredService<MassTransit.IBusControl>());
        return catalog;
    }

    /// <summary>The service starts its bus in the background; a test that restarts it waits for that start first.</summary>
    private static Task StartedAsync(MassTransit.IBusControl bus) => Eventually.MatchAsync(
        () => Task.FromResult(bus.CheckHealth().Status), status => status == MassTransit.BusHealthStatus.Healthy, what: "bus started");

    protected static async Task<Guid> CreateAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/api/products", new { name, priceCents = 1000 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProductResponse>())!.Id;
    }

    protected static NewProduct Draft(string name) => new(name, null, 100, "BRL", null, [], "{}", [], true);

    protected static IIntegrationEvent Announce(Product product, Guid eventId) => new ProductCreated(
        eventId, product.CreatedAt, product.TenantId, product.Id, product.Name, null, product.PriceCents, product.Currency, null, [], product.Version);
}
