namespace Platform.ServiceDefaults.Redis;

/// <summary>Fixed-window request budgets; bound from the <c>RateLimiting</c> section.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests one caller (a tenant's user, or an anonymous IP address) may make per window.</summary>
    public int PermitsPerWindow { get; set; } = 1000;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Per-tenant budgets that replace <see cref="PermitsPerWindow"/> for that tenant's users: <c>RateLimiting:Tenants:{tenant-id}</c>.</summary>
    public Dictionary<string, int> Tenants { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The most permits an instance takes from Redis at once (see <see cref="RedisRateLimiter"/>); the lease is also at most
    /// a fiftieth of the budget, so small budgets are still counted one by one.
    /// </summary>
    public int MaxLease { get; set; } = 1000;

    public int LeaseSizeFor(int permits) => Math.Clamp(permits / 50, 1, Math.Max(1, MaxLease));

    public int PermitsFor(Guid? tenantId) =>
        tenantId is { } tenant && Tenants.Count > 0 && Tenants.TryGetValue(tenant.ToString("D"), out var permits) ? permits : PermitsPerWindow;
}
