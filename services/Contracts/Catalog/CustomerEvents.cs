using System.Text.Json;

namespace Platform.Contracts.Catalog;

/// <summary>
/// A customer was added to a shop. It carries the customer's contact data: a consumer that keeps any of it must erase
/// it when <see cref="CustomerAnonymised"/> arrives.
/// </summary>
public sealed record CustomerCreated(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid TenantId,
    Guid CustomerId,
    string Name,
    string? Email,
    string? Phone,
    string? Document,
    JsonElement? Address,
    string? Notes,
    long Version) : IIntegrationEvent;

/// <summary>A customer's data changed; the whole state after the change, personal data included (see <see cref="CustomerCreated"/>).</summary>
public sealed record CustomerUpdated(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid TenantId,
    Guid CustomerId,
    string Name,
    string? Email,
    string? Phone,
    string? Document,
    JsonElement? Address,
    string? Notes,
    long Version) : IIntegrationEvent;

/// <summary>
/// A customer exercised the right to be forgotten: their personal data is gone and <see cref="DetachedOrders"/> orders no
/// longer name them. It carries no personal data; consumers erase whatever they kept about the customer.
/// </summary>
public sealed record CustomerAnonymised(
    Guid Id, DateTimeOffset OccurredAt, Guid TenantId, Guid CustomerId, int DetachedOrders, long Version) : IIntegrationEvent;
