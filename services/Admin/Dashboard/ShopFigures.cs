namespace Platform.Admin.Dashboard;

/// <summary>A shop's operational figures as Catalog reports them (<c>GET /api/tenants/{id}/figures</c>).</summary>
public sealed record ShopFigures(
    long Products,
    long ActiveProducts,
    long LowStockProducts,
    long Orders,
    long OpenOrders,
    long RevenueCents);

/// <summary>Whether a row's figures arrived; anything but <see cref="Ok"/> makes the page partial.</summary>
public enum FiguresStatus
{
    Ok,
    Timeout,
    Unavailable,
    NotProvisioned,
}
