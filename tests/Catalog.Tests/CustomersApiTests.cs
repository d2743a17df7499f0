using System.Net;
using System.Net.Http.Json;
using System.Text;
using Platform.Catalog.Apis;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tests;

public sealed class PostgresCustomersApiTests() : CustomersApiTests(StoreKind.Postgres);

public sealed class SqliteCustomersApiTests() : CustomersApiTests(StoreKind.Sqlite);

/// <summary>The customers API for a tenant of each store: the same tests run against PostgreSQL and SQLite.</summary>
public abstract class CustomersApiTests(StoreKind store) : ShopTests(store)
{
    [Fact]
    public async Task A_customer_is_stored_normalised_read_back_as_written_and_announced()
    {
        using var response = await client.PostAsJsonAsync("/api/customers", new
        {
            name = "  Ana Lúcia Silva ",
            email = " Ana.Silva@Example.COM ",
            phone = "+55 (81) 99999-0000",
            document = "529.982.247-25",
            address = new { street = "Rua da Aurora, 10", city = "Recife", zip = "50050-000" },
            notes = "Prefere retirar na loja.",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        var ana = (await response.Content.ReadFromJsonAsync<CustomerResponse>())!;
        Assert.Equal($"/api/customers/{ana.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(("Ana Lúcia Silva", "ana.silva@example.com", "+55 (81) 99999-0000", "52998224725", 1L),
            (ana.Name, ana.Email, ana.Phone, ana.Document, ana.Version));
        Assert.Equal("""{"street":"Rua da Aurora, 10","city":"Recife","zip":"50050-000"}""", ana.Address!.Value.GetRawText());
        Assert.Null(ana.AnonymisedAt);
        using var read = await client.GetAsync($"/api/customers/{ana.Id}");
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equivalent(ana, await read.Content.ReadFromJsonAsync<CustomerResponse>());

        var (type, payload) = Assert.Single(await catalog.OutboxEventsAsync(tenant));
        Assert.Equal("CustomerCreated", type);
        Assert.Equal((ana.Id, "ana.silva@example.com", "52998224725"),
            (payload.GetProperty("customerId").GetGuid(), payload.GetProperty("email").GetString(), payload.GetProperty("document").GetString()));
    }

    [Fact]
    public async Task The_list_pages_in_name_order_and_q_finds_names_ignoring_case_and_accents_or_e_mail_addresses()
    {
        var joao = await client.CreateCustomerAsync(new { name = "João Souza", email = "js@example.com" });
        var maria = await client.CreateCustomerAsync(new { name = "Maria", email = "maria@loja.com.br" });
        var bia = await client.CreateCustomerAsync(new { name = "Beatriz", email = "bia_joao@example.com" });

        var all = (await client.GetFromJsonAsync<CustomerPageResponse>("/api/customers"))!;
        var second = (await client.GetFromJsonAsync<CustomerPageResponse>("/api/customers?pageSize=1&page=2"))!;
        var past = (await client.GetFromJsonAsync<CustomerPageResponse>("/api/customers?pageSize=2&page=3"))!;
        var byName = (await client.GetFromJsonAsync<CustomerPageResponse>("/api/customers?q=JOAO"))!;
        var byEmail = (await client.GetFromJsonAsync<CustomerPageResponse>("/api/customers?q=loja.com"))!;
        var wildcard = (await client.GetFromJsonAsync<CustomerPageResponse>("/api/customers?q=_"))!;

        Assert.Equal([bia.Id, joao.Id, maria.Id], all.Items.Select(customer => customer.Id));
        Assert.Equal((3L, joao.Id), (second.Total, Assert.Single(second.Items).Id));
        Assert.Equal((3L, 0), (past.Total, past.Items.Count));
        Assert.Equal([bia.Id, joao.Id], byName.Items.Select(customer => customer.Id));
        Assert.Equal([maria.Id], byEmail.Items.Select(customer => customer.Id));
        Assert.Equal([bia.Id], wildcard.Items.Select(customer => customer.Id));
        using var badPage = await client.GetAsync("/api/customers?pageSize=101");
        Assert.Equal((HttpStatusCode.BadRequest, ProblemTypes.Validation), (badPage.StatusCode, await badPage.ProblemTypeAsync()));
    }

    [Fact]
    public async Task A_patch_changes_only_the_fields_sent_clears_optional_ones_and_a_stale_ETag_is_a_412()
    {
        var ana = await client.CreateCustomerAsync(new { name = "Ana", email = "ana@example.com", phone = "81 99999-0000", notes = "VIP" });

        using var changed = await client.PatchAsync($"/api/customers/{ana.Id}",
            new { email = "ANA@exemplo.com.br", phone = (string?)null, document = "111.444.777-35" }, ifMatch: "\"1\"");
        using var stale = await client.PatchAsync($"/api/customers/{ana.Id}", new { name = "Outra" }, ifMatch: "\"1\"");
        using var unchanged = await client.PatchAsync($"/api/customers/{ana.Id}", new { notes = "VIP" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("\"2\"", changed.Headers.ETag!.Tag);
        Assert.Equal((HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed), (stale.StatusCode, await stale.ProblemTypeAsync()));
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        var now = (await client.GetFromJsonAsync<CustomerResponse>($"/api/customers/{ana.Id}"))!;
        Assert.Equal(("Ana", "ana@exemplo.com.br", (string?)null, "11144477735", "VIP", 2L), (now.Name, now.Email, now.Phone, now.Document, now.Notes, now.Version));
        Assert.Equal(["CustomerCreated", "CustomerUpdated"], (await catalog.OutboxEventsAsync(tenant)).Select(e => e.Type));
    }

    [Fact]
    public async Task Invalid_customers_and_changes_are_4xx_problems_naming_the_field_and_change_nothing()
    {
        var ana = await client.CreateCustomerAsync(new { name = "Ana", email = "ana@example.com" });
        var refusals = new (string Body, string Field)[]
        {
            ("""{"name":"Bia","email":"bia@"}""", "email"),
            ("""{"name":"Bia","email":"bia at example.com"}""", "email"),
            ("""{"name":"Bia"}""", "email"),
            ("""{"name":"Bia","email":"bia@example.com","document":"529.982.247-24"}""", "document"),
            ("""{"name":"Bia","email":"bia@example.com","document":"111.111.111-11"}""", "document"),
            ($$"""{"name":"{{new string('b', 201)}}","email":"bia@example.com"}""", "name"),
            ("""{"name":" ","email":"bia@example.com"}""", "name"),
            ("""{"name":"Bia","email":"bia@example.com","phone":"ligar depois"}""", "phone"),
            ($$"""{"name":"Bia","email":"bia@example.com","notes":"{{new string('n', 2001)}}"}""", "notes"),
            ("""{"name":"Bia","email":"bia@example.com","address":"Rua A"}""", "address"),
            ("""{"name":"Bia","email":"bia@example.com","address":{"a":1,"a":2}}""", "address"),
            ($$$"""{"name":"Bia","email":"bia@example.com","address":{"street":"{{{new string('r', 2100)}}}"}}""", "address"),
        };
        foreach (var (body, field) in refusals)
        {
            using var response = await client.PostAsync("/api/customers", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body[..Math.Min(80, body.Length)]}: {response.StatusCode}");
            Assert.Equal(ProblemTypes.Validation, await response.ProblemTypeAsync());
            Assert.Equal([field], await response.ErrorFieldsAsync());
        }

        foreach (var body in new[] { """{"name":"Bia","email":""", """{"name":"Bia","email":42}""", "[1,2]" })
        {
            using var malformed = await client.PostAsync("/api/customers", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Equal(ProblemTypes.BadRequest, await malformed.ProblemTypeAsync());
        }

        foreach (var (patch, field) in new (object Patch, string Field)[]
        {
            (new { email = (string?)null }, "email"), (new { name = (string?)null }, "name"), (new { document = "123" }, "document"),
            (new { address = new[] { 1 } }, "address"), (new { phone = 12345678 }, "phone"),
        })
        {
            using var response = await client.PatchAsync($"/api/customers/{ana.Id}", patch);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal([field], await response.ErrorFieldsAsync());
        }

        using var badIfMatch = await client.PatchAsync($"/api/customers/{ana.Id}", new { name = "Bia" }, ifMatch: "version-one");
        Assert.Equal(HttpStatusCode.BadRequest, badIfMatch.StatusCode);
        Assert.Equal(1, (await client.GetFromJsonAsync<CustomerPageResponse>("/api/customers"))!.Total);
        Assert.Equivalent(ana, await client.GetFromJsonAsync<CustomerResponse>($"/api/customers/{ana.Id}"));
        Assert.Equal(1, await catalog.OutboxMessagesAsync(tenant));
    }

    [Fact]
    public async Task An_e_mail_address_is_one_customer_per_shop_whatever_its_case()
    {
        await client.CreateCustomerAsync(new { name = "Ana", email = "ana@example.com" });
        var bia = await client.CreateCustomerAsync(new { name = "Bia", email = "bia@example.com" });

        using var again = await client.PostAsJsonAsync("/api/customers", new { name = "Ana 2", email = "ANA@Example.com" });
        using var taken = await client.PatchAsync($"/api/customers/{bia.Id}", new { email = "ana@example.com" });

        foreach (var refused in new[] { again, taken })
        {
            Assert.Equal((HttpStatusCode.Conflict, ProblemTypes.Conflict), (refused.StatusCode, await refused.ProblemTypeAsync()));
        }

        Assert.Equal("bia@example.com", (await client.GetFromJsonAsync<CustomerResponse>($"/api/customers/{bia.Id}"))!.Email);
        Assert.Equal(2, (await client.GetFromJsonAsync<CustomerPageResponse>("/api/customers"))!.Total);
        using var neighbour = catalog.ClientFor(await catalog.ProvisionAsync(Store));
        await neighbour.CreateCustomerAsync(new { name = "Outra Ana", email = "ana@example.com" });
    }

    [Fact]
    public async Task Staff_read_customers_and_sell_to_them_but_only_owners_and_admins_write_them()
    {
        using var staff = catalog.ClientFor(tenant, "staff");
        using var admin = catalog.ClientFor(tenant, "admin");
        var ana = await admin.CreateCustomerAsync(new { name = "Ana", email = "ana@example.com" });

        using var create = await staff.PostAsJsonAsync("/api/customers", new { name = "Bia", email = "bia@example.com" });
        using var patch = await staff.PatchAsync($"/api/customers/{ana.Id}", new { name = "Ana Maria" });
        using var anonymise = await staff.PostAsync($"/api/customers/{ana.Id}/anonymise", null);
        foreach (var refused in new[] { create, patch, anonymise })
        {
            Assert.Equal((HttpStatusCode.Forbidden, ProblemTypes.Forbidden), (refused.StatusCode, await refused.ProblemTypeAsync()));
        }

        Assert.Equal("Ana", (await staff.GetFromJsonAsync<CustomerResponse>($"/api/customers/{ana.Id}"))!.Name);
        Assert.Equal(1, (await staff.GetFromJsonAsync<CustomerPageResponse>("/api/customers"))!.Total);
        var product = await admin.CreateProductAsync(new { name = "Caneca", priceCents = 2500 });
        (await admin.PostAsJsonAsync($"/api/products/{product.Id}/restock", new { quantity = 1 })).EnsureSuccessStatusCode();
        using var order = await staff.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product.Id, quantity = 1 } }, customerId = ana.Id });
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        Assert.Equal(["CustomerCreated"], (await catalog.OutboxEventsAsync(tenant)).Select(e => e.Type).Where(type => type.StartsWith("Customer", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Another_tenants_token_gets_a_404_for_every_customer_endpoint_and_cannot_sell_to_the_customer()
    {
        var ana = await client.CreateCustomerAsync(new { name = "Ana", email = "ana@example.com" });
        using var stranger = catalog.ClientFor(await catalog.ProvisionAsync(Store));

        var responses = new List<HttpResponseMessage>
        {
            await stranger.GetAsync($"/api/customers/{ana.Id}"),
            await stranger.PatchAsync($"/api/customers/{ana.Id}", new { name = "Intrusa" }),
            await stranger.PostAsync($"/api/customers/{ana.Id}/anonymise", null),
        };
        foreach (var response in responses)
        {
            Assert.Equal((HttpStatusCode.NotFound, ProblemTypes.NotFound), (response.StatusCode, await response.ProblemTypeAsync()));
            response.Dispose();
        }

        Assert.Equal(0, (await stranger.GetFromJsonAsync<CustomerPageResponse>("/api/customers?q=ana"))!.Total);
        var product = await stranger.CreateProductAsync(new { name = "Caneca", priceCents = 2500 });
        (await stranger.PostAsJsonAsync($"/api/products/{product.Id}/restock", new { quantity = 1 })).EnsureSuccessStatusCode();
        using var order = await stranger.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product.Id, quantity = 1 } }, customerId = ana.Id });
        Assert.Equal(HttpStatusCode.BadRequest, order.StatusCode);
        Assert.Equal(["customerId"], await order.ErrorFieldsAsync());
        Assert.Equivalent(ana, await client.GetFromJsonAsync<CustomerResponse>($"/api/customers/{ana.Id}"));
    }
}
