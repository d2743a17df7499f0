using System.Text.Json;
using Platform.Contracts;
using Platform.Contracts.Catalog;

namespace Platform.Catalog.Customers;

/// <summary>The integration events announcing each customer change, built from the customer as it is after the change.</summary>
public static class CustomerEvents
{
    /// <summary>The fields of <see cref="CustomerCreated"/> and <see cref="CustomerUpdated"/> that hold personal data, by their JSON name.</summary>
    public static readonly IReadOnlyList<string> PersonalFields = ["name", "email", "phone", "document", "address", "notes"];

    /// <summary>The event types whose stored payloads anonymisation scrubs, by the name the outboxes store them under.</summary>
    public static readonly IReadOnlyList<string> CarryingPersonalData = [typeof(CustomerCreated).FullName!, typeof(CustomerUpdated).FullName!];

    public static IReadOnlyList<IIntegrationEvent> Created(Customer customer) =>
        [new CustomerCreated(Guid.CreateVersion7(), customer.UpdatedAt, customer.TenantId, customer.Id, customer.Name, customer.Email, customer.Phone,
            customer.Document, Address(customer), customer.Notes, customer.Version)];

    public static IReadOnlyList<IIntegrationEvent> Updated(Customer customer) =>
        [new CustomerUpdated(Guid.CreateVersion7(), customer.UpdatedAt, customer.TenantId, customer.Id, customer.Name, customer.Email, customer.Phone,
            customer.Document, Address(customer), customer.Notes, customer.Version)];

    public static IReadOnlyList<IIntegrationEvent> Anonymised(Customer customer, int detachedOrders) =>
        [new CustomerAnonymised(Guid.CreateVersion7(), customer.UpdatedAt, customer.TenantId, customer.Id, detachedOrders, customer.Version)];

    private static JsonElement? Address(Customer customer)
    {
        if (customer.Address is null)
        {
            return null;
        }

        using var address = JsonDocument.Parse(customer.Address);
        return address.RootElement.Clone();
    }
}
