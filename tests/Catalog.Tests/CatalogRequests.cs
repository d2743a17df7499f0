using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Catalog.Apis;

namespace Platform.Catalog.Tests;

/// <summary>The requests the API tests make over and over, as a client would make them.</summary>
public static class CatalogRequests
{
    public static async Task<ProductResponse> CreateProductAsync(this HttpClient client, object product)
    {
        using var response = await client.PostAsJsonAsync("/api/products", product);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProductResponse>())!;
    }

    public static async Task<CategoryResponse> CreateCategoryAsync(this HttpClient client, object category)
    {
        using var response = await client.PostAsJsonAsync("/api/categories", category);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CategoryResponse>())!;
    }

    public static async Task<CustomerResponse> CreateCustomerAsync(this HttpClient client, object customer)
    {
        using var response = await client.PostAsJsonAsync("/api/customers", customer);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CustomerResponse>())!;
    }

    /// <summary>A JSON merge patch of <paramref name="path"/>, with <c>If-Match</c> when <paramref name="ifMatch"/> is given.</summary>
    public static Task<HttpResponseMessage> PatchAsync(this HttpClient client, string path, object patch, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(patch) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static async Task<string?> ProblemTypeAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("type").GetString();
    }

    public static async Task<List<string>> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").EnumerateObject().Select(field => field.Name).Order().ToList();
    }
}
