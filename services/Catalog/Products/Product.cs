using Platform.ServiceDefaults.Persistence;

namespace Platform.Catalog.Products;

/// <summary>A product of one shop's catalog. Prices are integer cents in <see cref="Currency"/>.</summary>
public sealed record Product(
    Guid TenantId,
    Guid Id,
    string Name,
    string? Description,
    long PriceCents,
    string Currency,
    string? Category,
    IReadOnlyList<string> Tags,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static Product Create(Guid tenantId, NewProduct draft, DateTimeOffset clockNow)
    {
        var now = PostgresTime.Truncate(clockNow);
        return new(
            tenantId,
            Guid.CreateVersion7(now),
            draft.Name,
            draft.Description,
            draft.PriceCents,
            draft.Currency,
            draft.Category,
            draft.Tags,
            Version: 1,
            CreatedAt: now,
            UpdatedAt: now);
    }
}
