namespace Platform.Contracts.Catalog;

/// <summary>
/// A product changed; the event carries its whole new state at <see cref="Version"/>, so a consumer keeps the newest
/// version it has seen and ignores older ones arriving late. <see cref="Category"/> is the category's name then.
/// </summary>
public sealed record ProductUpdated(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid TenantId,
    Guid ProductId,
    string Name,
    string? Description,
    long PriceCents,
    string Currency,
    Guid? CategoryId,
    string? Category,
    IReadOnlyList<string> Tags,
    bool Active,
    long Version) : IIntegrationEvent;
