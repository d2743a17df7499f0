namespace Platform.Admin.Dashboard;

/// <summary>Catalog's figures of one shop, read with the operator's own access token.</summary>
public interface ICatalogFigures
{
    /// <summary>The shop's figures, or null when Catalog has no store for it (yet).</summary>
    Task<ShopFigures?> GetAsync(Guid tenantId, string accessToken, CancellationToken cancellationToken);
}
