using System.Net.Http.Headers;
using Platform.Search.Indexing;

namespace Platform.Search.Reindexing;

/// <summary>
/// Catalog's product list over HTTP (<c>GET /api/products</c>, oldest first, the largest page it serves), read with the
/// token of the user who asked for the rebuild: Search sees exactly what that shop's user may see, and no more.
/// Its address comes from <c>services:catalog-api:http:0</c>, as the AppHost provides it.
/// </summary>
public sealed class CatalogProducts(HttpClient http)
{
    public const string CatalogAddressKey = "services:catalog-api:http:0";
    public const int PageSize = 100;

    public async Task<CatalogPage> ReadPageAsync(Guid tenantId, string accessToken, int page, CancellationToken cancellationToken)
    {
        if (http.BaseAddress is null)
        {
            throw new InvalidOperationException($"Catalog's address is not configured ({CatalogAddressKey}).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/products?page={page}&pageSize={PageSize}&sort=createdAt");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<CatalogPageBody>(cancellationToken)
            ?? throw new InvalidOperationException("Catalog answered an empty product page.");
        return new CatalogPage(
            body.Total,
            [.. body.Items.Select(item => new IndexedProduct(tenantId, item.Id, item.Name, item.Description, item.CategoryId, item.Category,
                item.Tags, item.PriceCents, item.Currency, item.Active, item.Version, item.CreatedAt, item.UpdatedAt))]);
    }

    private sealed record CatalogPageBody(IReadOnlyList<CatalogProduct> Items, long Total);

    private sealed record CatalogProduct(
        Guid Id, string Name, string? Description, long PriceCents, string Currency, Guid? CategoryId, string? Category,
        IReadOnlyList<string> Tags, bool Active, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
}

public sealed record CatalogPage(long Total, IReadOnlyList<IndexedProduct> Products);
