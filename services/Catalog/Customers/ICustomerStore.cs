using Platform.Contracts;

namespace Platform.Catalog.Customers;

/// <summary>How a customer write ended in the store; nothing is stored (neither change nor events) unless <see cref="Done"/>.</summary>
public enum CustomerWrite
{
    Done,

    /// <summary>Another customer of the tenant has the e-mail address.</summary>
    EmailTaken,

    /// <summary>The customer is gone or no longer at the version the change was made from.</summary>
    Stale,
}

/// <summary>One tenant's customers.</summary>
public interface ICustomerStore
{
    Task<Customer?> FindAsync(Guid customerId, CancellationToken cancellationToken);

    Task<CustomerPage> ListAsync(CustomerQuery query, CancellationToken cancellationToken);

    Task<CustomerWrite> AddAsync(Customer customer, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);

    Task<CustomerWrite> UpdateAsync(Customer customer, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: stores <paramref name="anonymised"/>, detaches the customer's orders, scrubs the personal data
    /// from the customer's events still in the outbox, and writes the events <paramref name="announce"/> makes of the
    /// number of orders detached.
    /// </summary>
    Task<CustomerWrite> AnonymiseAsync(
        Customer anonymised, long expectedVersion, Func<int, IReadOnlyList<IIntegrationEvent>> announce, CancellationToken cancellationToken);
}
