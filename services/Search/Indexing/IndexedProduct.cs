namespace Platform.Search.Indexing;

/// <summary>The searchable copy of a product; <see cref="Version"/> decides which of two writes is newer.</summary>
public sealed record IndexedProduct(
    Guid TenantId,
    Guid ProductId,
    string Name,
    string? Description,
    string? Category,
    IReadOnlyList<string> Tags,
    long PriceCents,
    string Currency,
    long Version,
    DateTimeOffset UpdatedAt);
