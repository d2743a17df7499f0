using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Platform.Catalog.Apis;
using Platform.Catalog.Files;
using Platform.Catalog.Tenants;
using Platform.Contracts.Catalog;
using Platform.ServiceDefaults.Http;
using static Platform.Catalog.Tests.FileRequests;

namespace Platform.Catalog.Tests;

public sealed class PostgresOrderFilesApiTests() : OrderFilesApiTests(StoreKind.Postgres);

public sealed class SqliteOrderFilesApiTests() : OrderFilesApiTests(StoreKind.Sqlite);

/// <summary>A service order's attachments and its invoice, in the private bucket of the real S3-compatible server, for a tenant of each store.</summary>
public abstract class OrderFilesApiTests(StoreKind store) : ShopTests(store)
{
    [Fact]
    public async Task A_confirmed_attachment_is_listed_with_a_download_url_that_returns_its_bytes()
    {
        var order = await OrderAsync();
        var artwork = RandomNumberGenerator.GetBytes(50_000);
        var upload = await client.IssueUploadAsync($"/api/orders/{order.Id}/attachments/uploads", "application/pdf", artwork.Length);
        await PutAsync(upload, artwork);

        using var confirmed = await client.PostAsJsonAsync($"/api/orders/{order.Id}/attachments/confirm", new { key = upload.Key, fileName = "arte da caneca.pdf" });
        using var again = await client.PostAsJsonAsync($"/api/orders/{order.Id}/attachments/confirm", new { key = upload.Key, fileName = "arte da caneca.pdf" });
        var listed = (await client.GetFromJsonAsync<AttachmentListResponse>($"/api/orders/{order.Id}/attachments", Json))!.Items;

        Assert.Matches($"^tenants/{tenant:D}/orders/{order.Id:D}/attachments/[0-9a-f-]{{36}}\\.pdf$", upload.Key);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var attachment = (await confirmed.Content.ReadFromJsonAsync<AttachmentResponse>(Json))!;
        Assert.Equal(attachment.Id, (await again.Content.ReadFromJsonAsync<AttachmentResponse>(Json))!.Id);
        var only = Assert.Single(listed);
        Assert.Equal((attachment.Id, "arte da caneca.pdf", "application/pdf", 50_000L), (only.Id, only.FileName, only.ContentType, only.Size));
        Assert.InRange(only.DownloadExpiresAt, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(6));
        Assert.Equal(artwork, await DownloadAsync(only.DownloadUrl));
        await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() => catalog.Buckets.Client.GetObjectMetadataAsync(catalog.Buckets.PublicBucket, upload.Key));
    }

    [Fact]
    public async Task Attachments_outside_the_allow_list_or_the_size_limit_or_under_another_orders_prefix_are_400()
    {
        var order = await OrderAsync();
        var other = await OrderAsync();
        var path = $"/api/orders/{order.Id}/attachments/uploads";
        foreach (var body in new object[] { new { contentType = "text/html", size = 100 }, new { contentType = "image/svg+xml", size = 100 }, new { contentType = "application/pdf", size = 20 * 1024 * 1024 + 1 } })
        {
            using var refused = await client.PostAsJsonAsync(path, body);
            await refused.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        }

        var othersUpload = await client.IssueUploadAsync($"/api/orders/{other.Id}/attachments/uploads", "image/jpeg", 100);
        await PutAsync(othersUpload, RandomNumberGenerator.GetBytes(100));
        var mislabelled = await client.IssueUploadAsync(path, "text/plain", 100);
        await PutMismatchedAsync(mislabelled, RandomNumberGenerator.GetBytes(100), "text/html");
        var good = await client.IssueUploadAsync(path, "text/plain", 5);
        await PutAsync(good, "hello"u8.ToArray());
        foreach (var (key, fileName) in new[] { (othersUpload.Key, "a.jpg"), (mislabelled.Key, "a.txt"), (good.Key, "../etc/passwd"), (good.Key, " ") })
        {
            using var refused = await client.PostAsJsonAsync($"/api/orders/{order.Id}/attachments/confirm", new { key, fileName });
            await refused.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        }

        Assert.Empty((await client.GetFromJsonAsync<AttachmentListResponse>($"/api/orders/{order.Id}/attachments", Json))!.Items);
        Assert.Empty((await client.GetFromJsonAsync<AttachmentListResponse>($"/api/orders/{other.Id}/attachments", Json))!.Items);
    }

    [Fact]
    public async Task The_invoice_appears_after_confirmation_names_the_order_and_its_total_and_is_generated_once()
    {
        await catalog.WaitUntilHealthyAsync();
        var order = await OrderAsync(name: "Caneca <personalizada>", priceCents: 2500, quantity: 5);
        using (var pending = await client.GetAsync($"/api/orders/{order.Id}/invoice"))
        {
            await pending.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }

        using (var confirmed = await client.PostAsync($"/api/orders/{order.Id}/confirm", null))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        var invoice = await Eventually.MatchAsync(
            async () =>
            {
                using var response = await client.GetAsync($"/api/orders/{order.Id}/invoice");
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<InvoiceResponse>(Json) : null;
            },
            found => found is not null,
            what: "the invoice of the confirmed order");

        var document = Encoding.UTF8.GetString(await DownloadAsync(invoice!.DownloadUrl));
        Assert.Contains($"Invoice for order #{order.Number}", document, StringComparison.Ordinal);
        Assert.Contains("BRL 125.00", document, StringComparison.Ordinal);
        Assert.Contains("Caneca &lt;personalizada&gt;", document, StringComparison.Ordinal);
        Assert.Contains(tenant.ToString("D"), document, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(document), invoice.Size);

        // A redelivered OrderConfirmed changes nothing: the same row, the same document.
        await using (var scope = catalog.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<InvoiceGenerator>().GenerateAsync(
                new OrderConfirmed(Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(1), tenant, order.Id, order.Number, order.TotalCents, 2), CancellationToken.None);
        }

        var after = (await client.GetFromJsonAsync<InvoiceResponse>($"/api/orders/{order.Id}/invoice", Json))!;
        Assert.Equal((invoice.CreatedAt, invoice.Size), (after.CreatedAt, after.Size));
        Assert.Equal(document, Encoding.UTF8.GetString(await DownloadAsync(after.DownloadUrl)));
        Assert.Equal(FileKeys.Invoice(tenant, order.Id), $"tenants/{tenant:D}/invoices/{order.Id:D}.html");
    }

    [Fact]
    public async Task Another_shops_token_gets_404_on_every_attachment_and_invoice_endpoint_of_this_shops_order()
    {
        await catalog.WaitUntilHealthyAsync();
        var order = await OrderAsync();
        var upload = await client.IssueUploadAsync($"/api/orders/{order.Id}/attachments/uploads", "image/png", 100);
        await PutAsync(upload, RandomNumberGenerator.GetBytes(100));
        using (var confirmed = await client.PostAsync($"/api/orders/{order.Id}/confirm", null))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        await Eventually.MatchAsync(async () => (await client.GetAsync($"/api/orders/{order.Id}/invoice")).StatusCode, status => status == HttpStatusCode.OK, what: "invoice");
        using var stranger = catalog.ClientFor(await catalog.ProvisionAsync(Store));

        foreach (var response in new[]
        {
            await stranger.PostAsJsonAsync($"/api/orders/{order.Id}/attachments/uploads", new { contentType = "image/png", size = 100 }),
            await stranger.PostAsJsonAsync($"/api/orders/{order.Id}/attachments/confirm", new { key = upload.Key, fileName = "x.png" }),
            await stranger.GetAsync($"/api/orders/{order.Id}/attachments"),
            await stranger.GetAsync($"/api/orders/{order.Id}/invoice"),
        })
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
            response.Dispose();
        }

        Assert.Empty((await client.GetFromJsonAsync<AttachmentListResponse>($"/api/orders/{order.Id}/attachments", Json))!.Items);
    }

    private async Task<OrderResponse> OrderAsync(string name = "Caneca", long priceCents = 2500, int quantity = 1)
    {
        var product = await client.CreateProductAsync(new { name, priceCents });
        using (var restocked = await client.PostAsJsonAsync($"/api/products/{product.Id}/restock", new { quantity }))
        {
            Assert.Equal(HttpStatusCode.OK, restocked.StatusCode);
        }

        using var placed = await client.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId = product.Id, quantity } } });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        return (await placed.Content.ReadFromJsonAsync<OrderResponse>(Json))!;
    }
}
