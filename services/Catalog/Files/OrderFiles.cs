namespace Platform.Catalog.Files;

/// <summary>A file attached to a service order (the customer's photo, artwork or document), stored in the private bucket.</summary>
public sealed record OrderAttachment(
    Guid Id,
    Guid OrderId,
    string Key,
    string FileName,
    string ContentType,
    long Size,
    DateTimeOffset CreatedAt);

/// <summary>The invoice document of a confirmed order, stored in the private bucket under <see cref="FileKeys.Invoice"/>.</summary>
public sealed record Invoice(
    Guid OrderId,
    string Key,
    string ContentType,
    long Size,
    DateTimeOffset CreatedAt);
