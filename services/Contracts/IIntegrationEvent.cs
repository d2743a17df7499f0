namespace Platform.Contracts;

/// <summary>
/// Every event crossing a service boundary. Events arrive at least once, so consumers de-duplicate on
/// <see cref="Id"/>; <see cref="TenantId"/> scopes every effect to one shop.
/// </summary>
public interface IIntegrationEvent
{
    Guid Id { get; }

    DateTimeOffset OccurredAt { get; }

    Guid TenantId { get; }
}
