using System.Text.Json;
using MassTransit;
using Platform.Contracts;

namespace Platform.Admin.Audit;

/// <summary>
/// Records every integration event of every service (they all implement <see cref="IIntegrationEvent"/>) as an audit
/// entry. Redelivered events, and events Admin already audited with more detail when it made the change, keep one entry.
/// </summary>
public sealed class IntegrationEventAuditConsumer(IAuditLog audit) : IConsumer<IIntegrationEvent>
{
    public async Task Consume(ConsumeContext<IIntegrationEvent> context)
    {
        var message = context.Message;
        var payload = ReadPayload(context);
        var action = ActionName(context.SupportedMessageTypes);
        var (resourceType, resourceId) = action.StartsWith("Tenant", StringComparison.Ordinal)
            ? ("account", message.TenantId.ToString())
            : Resource(payload, message.TenantId);
        await audit.RecordAsync(new AuditEntry(
            NewId.NextGuid(),
            message.Id,
            message.TenantId == Guid.Empty ? null : message.TenantId,
            null,
            action,
            resourceType,
            resourceId,
            null,
            payload,
            null,
            context.SourceAddress?.AbsolutePath.Trim('/').Split('/').LastOrDefault() ?? "bus",
            message.OccurredAt), context.CancellationToken);
    }

    /// <summary>"urn:message:Platform.Contracts.Catalog:ProductCreated" becomes "ProductCreated".</summary>
    private static string ActionName(IEnumerable<string> supportedTypes) =>
        supportedTypes.Select(type => type[(type.LastIndexOf(':') + 1)..]).FirstOrDefault(name => name != nameof(IIntegrationEvent)) ?? "Unknown";

    private static JsonElement? ReadPayload(ConsumeContext context)
    {
        using var envelope = JsonDocument.Parse(context.ReceiveContext.Body.GetBytes());
        return envelope.RootElement.TryGetProperty("message", out var message) ? message.Clone() : null;
    }

    /// <summary>The first "<c>xxxId</c>" field other than the event's own and the tenant's names the resource (ProductId: product).</summary>
    private static (string Type, string Id) Resource(JsonElement? payload, Guid tenantId)
    {
        if (payload is { ValueKind: JsonValueKind.Object } fields)
        {
            foreach (var field in fields.EnumerateObject())
            {
                if (field.Name.Length > 2 && field.Name.EndsWith("Id", StringComparison.OrdinalIgnoreCase) &&
                    field.Name is not ("id" or "Id" or "tenantId" or "TenantId") && field.Value.ValueKind == JsonValueKind.String &&
                    !field.Name.StartsWith("previous", StringComparison.OrdinalIgnoreCase))
                {
                    return (field.Name[..^2].ToLowerInvariant(), field.Value.GetString()!);
                }
            }
        }

        return ("account", tenantId.ToString());
    }
}
