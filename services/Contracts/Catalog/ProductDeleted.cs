namespace Platform.Contracts.Catalog;

/// <summary>A product was removed from the shop's catalog (kept, soft-deleted, in Catalog); it is never sold again.</summary>
public sealed record ProductDeleted(Guid Id, DateTimeOffset OccurredAt, Guid TenantId, Guid ProductId, long Version) : IIntegrationEvent;
