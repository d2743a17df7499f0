namespace Platform.Search.Indexing;

/// <summary>The searchable copy of a product; <see cref="Version"/> decides which of two writes is newer.</summary>
public sealed record IndexedProduct(
    Guid TenantId,
    Guid ProductId,
    string Name,
    string? Description,
    Guid? CategoryId,
    string? Category,
    IReadOnlyList<string> Tags,
    long PriceCents,
    string Currency,
    bool Active,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
