namespace Platform.Catalog.Figures;

/// <summary>
/// A shop's operational figures for the platform's dashboard. Revenue counts orders that were confirmed and not
/// cancelled, in cents of the shop's currency.
/// </summary>
public sealed record TenantFigures(
    long Products,
    long ActiveProducts,
    long LowStockProducts,
    long Orders,
    long OpenOrders,
    long RevenueCents);
