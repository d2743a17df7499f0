using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Admin.Audit;

/// <summary>Who did what to which resource, with the values before and after where they are known.</summary>
public sealed record AuditEntry(
    Guid Id,
    Guid EventId,
    Guid? AccountId,
    Guid? ActorUserId,
    string Action,
    string ResourceType,
    string ResourceId,
    JsonElement? OldValues,
    JsonElement? NewValues,
    string? Ip,
    string Source,
    DateTimeOffset OccurredAt);

/// <summary>The person behind a change made through Admin's API, and where the request came from.</summary>
public sealed record AuditActor(Guid? UserId, string? Ip)
{
    public static readonly AuditActor System = new(null, null);
}

public sealed record AuditQuery(
    Guid? AccountId,
    Guid? ActorUserId,
    string? ResourceType,
    string? ResourceId,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Page,
    int PageSize);

public static class AuditEntries
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>An entry for a change Admin makes itself; <paramref name="eventId"/> is the id of the event it publishes, if any.</summary>
    public static AuditEntry ForChange<T>(AuditActor actor, Guid? accountId, string action, string resourceType, string resourceId,
        T? before, T? after, DateTimeOffset now, Guid? eventId = null) => new(
        Guid.CreateVersion7(now),
        eventId ?? Guid.CreateVersion7(now),
        accountId,
        actor.UserId,
        action,
        resourceType,
        resourceId,
        before is null ? null : JsonSerializer.SerializeToElement(before, Json),
        after is null ? null : JsonSerializer.SerializeToElement(after, Json),
        actor.Ip,
        "admin",
        now);
}
