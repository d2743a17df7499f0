namespace Platform.Contracts.Catalog;

/// <summary>A product was added to a shop's catalog. <see cref="Version"/> orders it against later changes.</summary>
public sealed record ProductCreated(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid TenantId,
    Guid ProductId,
    string Name,
    string? Description,
    long PriceCents,
    string Currency,
    string? Category,
    IReadOnlyList<string> Tags,
    long Version) : IIntegrationEvent;
