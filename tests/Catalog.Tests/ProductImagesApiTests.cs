using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Platform.Catalog.Apis;
using Platform.Catalog.Tenants;
using Platform.ServiceDefaults.Http;
using static Platform.Catalog.Tests.FileRequests;

namespace Platform.Catalog.Tests;

public sealed class PostgresProductImagesApiTests() : ProductImagesApiTests(StoreKind.Postgres);

public sealed class SqliteProductImagesApiTests() : ProductImagesApiTests(StoreKind.Sqlite);

/// <summary>Product images uploaded straight to the real S3-compatible server through presigned URLs, for a tenant of each store.</summary>
public abstract class ProductImagesApiTests(StoreKind store) : ShopTests(store)
{
    [Fact]
    public async Task An_uploaded_and_confirmed_image_is_added_to_the_product_with_a_new_version_and_ProductUpdated()
    {
        var product = await client.CreateProductAsync(new { name = "Caneca", priceCents = 2500 });
        var image = RandomNumberGenerator.GetBytes(20_000);

        var upload = await client.IssueUploadAsync($"/api/products/{product.Id}/images/uploads", "image/png", image.Length);
        await PutAsync(upload, image);
        using var confirmed = await client.PostAsJsonAsync($"/api/products/{product.Id}/images/confirm", new { key = upload.Key });
        using var again = await client.PostAsJsonAsync($"/api/products/{product.Id}/images/confirm", new { key = upload.Key });

        Assert.Matches($"^tenants/{tenant:D}/products/{product.Id:D}/[0-9a-f-]{{36}}\\.png$", upload.Key);
        Assert.InRange(upload.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(11));
        Assert.Equal(("PUT", "image/png", "20000"), (upload.Method, upload.Headers["Content-Type"], upload.Headers["Content-Length"]));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var updated = (await confirmed.Content.ReadFromJsonAsync<ProductResponse>(Json))!;
        Assert.Equal([upload.Key], updated.Images);
        Assert.Equal(2, updated.Version);
        Assert.Equal(2, (await again.Content.ReadFromJsonAsync<ProductResponse>(Json))!.Version);
        Assert.Equal([upload.Key], (await client.GetFromJsonAsync<ProductResponse>($"/api/products/{product.Id}", Json))!.Images);
        var announced = (await catalog.OutboxEventsAsync(tenant)).Single(e => e.Type == "ProductUpdated");
        Assert.Equal((product.Id.ToString("D"), 2), (announced.Payload.GetProperty("productId").GetString(), announced.Payload.GetProperty("version").GetInt32()));
        var stored = await catalog.Buckets.Client.GetObjectAsync(catalog.Buckets.PublicBucket, upload.Key);
        using var bytes = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(bytes);
        Assert.Equal(image, bytes.ToArray());
    }

    [Fact]
    public async Task A_key_under_another_tenants_or_products_prefix_is_refused_and_nothing_changes()
    {
        var product = await client.CreateProductAsync(new { name = "Caneca", priceCents = 2500 });
        var other = await client.CreateProductAsync(new { name = "Camiseta", priceCents = 4990 });
        var othersUpload = await client.IssueUploadAsync($"/api/products/{other.Id}/images/uploads", "image/jpeg", 100);
        await PutAsync(othersUpload, RandomNumberGenerator.GetBytes(100));
        var stranger = await catalog.ProvisionAsync(Store);
        using var strangerClient = catalog.ClientFor(stranger);
        var strangerProduct = await strangerClient.CreateProductAsync(new { name = "Alheio", priceCents = 100 });
        var strangersUpload = await strangerClient.IssueUploadAsync($"/api/products/{strangerProduct.Id}/images/uploads", "image/jpeg", 100);
        await PutAsync(strangersUpload, RandomNumberGenerator.GetBytes(100));

        var name = othersUpload.Key[(othersUpload.Key.LastIndexOf('/') + 1)..];
        foreach (var key in new[]
        {
            othersUpload.Key,
            strangersUpload.Key,
            strangersUpload.Key.Replace($"/{strangerProduct.Id:D}/", $"/{product.Id:D}/", StringComparison.Ordinal),
            $"tenants/{tenant:D}/products/{product.Id:D}/../{other.Id:D}/{name}",
            $"tenants/{tenant:D}/products/{product.Id:D}/{name}.png",
            $"tenants/{tenant:D}/products/{product.Id:D}/nested/{name}",
        })
        {
            using var refused = await client.PostAsJsonAsync($"/api/products/{product.Id}/images/confirm", new { key });
            await refused.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        }

        var unchanged = (await client.GetFromJsonAsync<ProductResponse>($"/api/products/{product.Id}", Json))!;
        Assert.Equal((1, 0), (unchanged.Version, unchanged.Images.Count));
        Assert.Empty((await strangerClient.GetFromJsonAsync<ProductResponse>($"/api/products/{strangerProduct.Id}", Json))!.Images);
        Assert.DoesNotContain(await catalog.OutboxEventsAsync(tenant), e => e.Type == "ProductUpdated");
    }

    [Fact]
    public async Task Content_types_and_sizes_outside_the_limits_are_400_whether_announced_or_uploaded()
    {
        var product = await client.CreateProductAsync(new { name = "Caneca", priceCents = 2500 });
        var path = $"/api/products/{product.Id}/images/uploads";
        foreach (var (body, field) in new (object, string)[]
        {
            (new { contentType = "image/gif", size = 100 }, "contentType"),
            (new { contentType = "text/html", size = 100 }, "contentType"),
            (new { contentType = "image/png", size = 5 * 1024 * 1024 + 1 }, "size"),
            (new { contentType = "image/png", size = 0 }, "size"),
            (new { contentType = "image/png" }, "size"),
        })
        {
            using var refused = await client.PostAsJsonAsync(path, body);
            await refused.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
            Assert.Equal([field], await refused.ErrorFieldsAsync());
        }

        // s3rver does not check the presigned signature, so there the confirmation's HEAD is what holds the line.
        var mislabelled = await client.IssueUploadAsync(path, "image/png", 100);
        await PutMismatchedAsync(mislabelled, RandomNumberGenerator.GetBytes(100), "text/html");
        var oversized = await client.IssueUploadAsync(path, "image/webp", 100);
        await PutMismatchedAsync(oversized, new byte[5 * 1024 * 1024 + 1], "image/webp");
        var neverUploaded = await client.IssueUploadAsync(path, "image/jpeg", 100);
        foreach (var key in new[] { mislabelled.Key, oversized.Key, neverUploaded.Key })
        {
            using var refused = await client.PostAsJsonAsync($"/api/products/{product.Id}/images/confirm", new { key });
            await refused.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        }

        Assert.Null(await HeadAsync(mislabelled.Key));
        Assert.Null(await HeadAsync(oversized.Key));
        Assert.Equal(1, (await client.GetFromJsonAsync<ProductResponse>($"/api/products/{product.Id}", Json))!.Version);
    }

    [Fact]
    public async Task Another_shops_token_gets_404_and_staff_403_on_the_upload_and_confirm_of_this_shops_product()
    {
        var product = await client.CreateProductAsync(new { name = "Caneca", priceCents = 2500 });
        var upload = await client.IssueUploadAsync($"/api/products/{product.Id}/images/uploads", "image/png", 100);
        await PutAsync(upload, RandomNumberGenerator.GetBytes(100));
        using var stranger = catalog.ClientFor(await catalog.ProvisionAsync(Store));

        using var issued = await stranger.PostAsJsonAsync($"/api/products/{product.Id}/images/uploads", new { contentType = "image/png", size = 100 });
        using var confirmed = await stranger.PostAsJsonAsync($"/api/products/{product.Id}/images/confirm", new { key = upload.Key });

        await issued.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await confirmed.AssertProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        using var staff = catalog.ClientFor(tenant, "staff");
        using var byStaff = await staff.PostAsJsonAsync($"/api/products/{product.Id}/images/confirm", new { key = upload.Key });
        Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<ProductResponse>($"/api/products/{product.Id}", Json))!.Images);
    }

    private async Task<long?> HeadAsync(string key)
    {
        try
        {
            return (await catalog.Buckets.Client.GetObjectMetadataAsync(catalog.Buckets.PublicBucket, key)).ContentLength;
        }
        catch (Amazon.S3.AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
