namespace Platform.Contracts.Catalog;

/// <summary>A product's price changed (published beside <see cref="ProductUpdated"/> of the same <see cref="Version"/>).</summary>
public sealed record ProductPriceChanged(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid TenantId,
    Guid ProductId,
    long PreviousPriceCents,
    long PriceCents,
    string Currency,
    long Version) : IIntegrationEvent;
