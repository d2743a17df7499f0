using System.Text.Json;
using Platform.Catalog.Customers;

namespace Platform.Catalog.Apis;

public sealed record CustomerResponse(
    Guid Id,
    string Name,
    string? Email,
    string? Phone,
    string? Document,
    JsonElement? Address,
    string? Notes,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AnonymisedAt)
{
    public static CustomerResponse From(Customer customer)
    {
        JsonElement? address = null;
        if (customer.Address is not null)
        {
            using var document = JsonDocument.Parse(customer.Address);
            address = document.RootElement.Clone();
        }

        return new(customer.Id, customer.Name, customer.Email, customer.Phone, customer.Document, address, customer.Notes, customer.Version,
            customer.CreatedAt, customer.UpdatedAt, customer.AnonymisedAt);
    }
}

/// <summary>One page of customers; <see cref="Total"/> counts every customer matching the query.</summary>
public sealed record CustomerPageResponse(IReadOnlyList<CustomerResponse> Items, int Page, int PageSize, long Total);
