using Platform.ServiceDefaults.Persistence;

namespace Platform.Catalog.Customers;

/// <summary>
/// A shop's customer and their contact data. <see cref="Address"/> is a compact JSON object. Once anonymised
/// (<see cref="AnonymisedAt"/>) the personal data is gone for good and the customer can no longer change.
/// </summary>
public sealed record Customer(
    Guid TenantId,
    Guid Id,
    string Name,
    string? Email,
    string? Phone,
    string? Document,
    string? Address,
    string? Notes,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AnonymisedAt)
{
    public const string AnonymisedName = "Anonymised customer";

    public bool IsAnonymised => AnonymisedAt is not null;

    public static Customer Create(Guid tenantId, NewCustomer draft, DateTimeOffset clockNow)
    {
        var now = PostgresTime.Truncate(clockNow);
        return new(tenantId, Guid.CreateVersion7(now), draft.Name, draft.Email, draft.Phone, draft.Document, draft.Address, draft.Notes, 1, now, now, null);
    }

    /// <summary>The customer after <paramref name="changes"/>, one version on; itself when they change nothing.</summary>
    public Customer Apply(CustomerChanges changes, DateTimeOffset clockNow)
    {
        var changed = this with
        {
            Name = changes.Name ?? Name,
            Email = changes.Email ?? Email,
            Phone = changes.Phone is { } phone ? phone.Value : Phone,
            Document = changes.Document is { } document ? document.Value : Document,
            Address = changes.Address is { } address ? address.Value : Address,
            Notes = changes.Notes is { } notes ? notes.Value : Notes,
        };
        return changed == this ? this : changed with { Version = Version + 1, UpdatedAt = PostgresTime.Truncate(clockNow) };
    }

    /// <summary>The customer with every piece of personal data replaced; what remains says only that someone was a customer.</summary>
    public Customer Anonymise(DateTimeOffset clockNow)
    {
        var now = PostgresTime.Truncate(clockNow);
        return this with
        {
            Name = AnonymisedName,
            Email = null,
            Phone = null,
            Document = null,
            Address = null,
            Notes = null,
            Version = Version + 1,
            UpdatedAt = now,
            AnonymisedAt = now,
        };
    }
}
