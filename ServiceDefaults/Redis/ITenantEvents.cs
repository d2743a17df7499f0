using System.Text.Json;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// Realtime notifications to a tenant's connected clients across every instance of a service (Redis pub/sub on
/// <c>{prefix}:rt:{tenant}</c>). Best effort by design: an event published while nobody listens, or while Redis is
/// down, is gone; clients refetch what they show when they (re)connect. Durable facts travel as integration events.
/// </summary>
public interface ITenantEvents
{
    /// <summary>Publishes <paramref name="payload"/> (JSON, web defaults) to the tenant's subscribers; false when Redis could not take it.</summary>
    Task<bool> PublishAsync<T>(Guid tenantId, string eventName, T payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes to the tenant's events; once the returned task completes, every event published afterwards reaches the
    /// subscription (if Redis was down, from when it returns). Dispose it to unsubscribe.
    /// </summary>
    Task<TenantSubscription> SubscribeAsync(Guid tenantId, CancellationToken cancellationToken = default);
}

/// <summary>One realtime event: <see cref="Id"/> is unique and time-ordered (UUIDv7), <see cref="Data"/> the published payload.</summary>
public sealed record TenantEvent(string Id, string Name, JsonElement Data);
