namespace Platform.Contracts.Catalog;

/// <summary>A category was added to a shop's catalog.</summary>
public sealed record CategoryCreated(
    Guid Id, DateTimeOffset OccurredAt, Guid TenantId, Guid CategoryId, string Name, string Slug, Guid? ParentId, long Version) : IIntegrationEvent;

/// <summary>A category was renamed or moved; its products keep it, so their indexed category name may change.</summary>
public sealed record CategoryUpdated(
    Guid Id, DateTimeOffset OccurredAt, Guid TenantId, Guid CategoryId, string Name, string Slug, Guid? ParentId, long Version) : IIntegrationEvent;

/// <summary>A category was removed; only a category no live product or child category uses can be.</summary>
public sealed record CategoryDeleted(Guid Id, DateTimeOffset OccurredAt, Guid TenantId, Guid CategoryId, long Version) : IIntegrationEvent;
