using System.Net;
using System.Net.Http.Headers;

namespace Platform.Admin.Dashboard;

/// <summary>Catalog over HTTP; its address comes from <c>services:catalog-api:http:0</c>, as the AppHost provides it.</summary>
public sealed class HttpCatalogFigures(HttpClient http) : ICatalogFigures
{
    public const string CatalogAddressKey = "services:catalog-api:http:0";

    public async Task<ShopFigures?> GetAsync(Guid tenantId, string accessToken, CancellationToken cancellationToken)
    {
        if (http.BaseAddress is null)
        {
            throw new HttpRequestException($"Catalog's address is not configured ({CatalogAddressKey}).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/tenants/{tenantId:D}/figures");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ShopFigures>(cancellationToken);
    }
}
