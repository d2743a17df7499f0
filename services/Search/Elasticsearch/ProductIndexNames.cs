namespace Platform.Search.Elasticsearch;

/// <summary>
/// Names of a tenant's indices, formatted from Guids only (never from user text): searches and events go through the
/// alias <c>products-{tenant}</c>, which points at one concrete index <c>products-{tenant}-{build}</c>; the per-product
/// signals (stock, prices, units sold, category names) that outlive a rebuild live in <c>search-signals-{tenant}</c>.
/// </summary>
public static class ProductIndexNames
{
    /// <summary>
    /// Product versions are stored as Elasticsearch external versions times this factor: a scripted <c>_update</c> (a
    /// stock level, a price, a category name) adds one to a document's version, and the low bits absorb those additions
    /// so that the next product version still compares as newer and an older or equal one still conflicts.
    /// </summary>
    public const long VersionScale = 1L << 20;

    /// <summary>The build id of a tenant's first index, created when its first event arrives.</summary>
    public static readonly Guid InitialBuild = Guid.Empty;

    public static string Alias(Guid tenantId) => $"products-{tenantId:N}";

    public static string Index(Guid tenantId, Guid buildId) => $"products-{tenantId:N}-{buildId:N}";

    /// <summary>A pattern matching the one index of <paramref name="buildId"/> whatever its tenant.</summary>
    public static string BuildPattern(Guid buildId) => $"products-*-{buildId:N}";

    public static string Signals(Guid tenantId) => $"search-signals-{tenantId:N}";

    public static string ProductId(Guid productId) => productId.ToString("N");

    public static string StockId(Guid productId) => $"stock-{productId:N}";

    public static string PriceId(Guid productId) => $"price-{productId:N}";

    public static string PopularityId(Guid productId) => $"popularity-{productId:N}";

    public static string CategoryId(Guid categoryId) => $"category-{categoryId:N}";

    public static string SaleId(Guid eventId) => $"sale-{eventId:N}";

    public static long ExternalVersion(long productVersion) => checked(productVersion * VersionScale);

    /// <summary>A time as microseconds since the Unix epoch: the external version of a stock level and a comparable number in scripts.</summary>
    public static long Microseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
