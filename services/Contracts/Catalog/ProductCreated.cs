namespace Platform.Contracts.Catalog;

/// <summary>
/// A product was added to a shop's catalog. <see cref="Version"/> orders it against later changes. <see cref="Category"/>
/// is the category's name when the product was written, so consumers need not look categories up.
/// </summary>
/// <remarks>The fields added after the first release have defaults: events already waiting in an outbox still read.</remarks>
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
    long Version,
    Guid? CategoryId = null,
    bool Active = true) : IIntegrationEvent;
