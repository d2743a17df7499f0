using Platform.Catalog.Stores;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Customers;

/// <summary>The shop's customer use cases. Each change is stored together with the events that announce it.</summary>
public sealed class CustomerService(TenantStores stores, TimeProvider clock)
{
    private const int Attempts = 3;

    public async Task<CustomerPage> ListAsync(Guid tenantId, CustomerQuery query, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        return await store.Customers.ListAsync(query, cancellationToken);
    }

    public async Task<Customer?> FindAsync(Guid tenantId, Guid customerId, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        return await store.Customers.FindAsync(customerId, cancellationToken);
    }

    public async Task<Outcome<Customer>> CreateAsync(Guid tenantId, NewCustomer draft, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        var customer = Customer.Create(tenantId, draft, clock.GetUtcNow());
        var write = await store.Customers.AddAsync(customer, CustomerEvents.Created(customer), cancellationToken);
        return write == CustomerWrite.Done ? customer : Refused(write, customer);
    }

    public async Task<Outcome<Customer>> UpdateAsync(Guid tenantId, Guid customerId, CustomerChanges changes, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.Customers.FindAsync(customerId, cancellationToken);
            if (current is null)
            {
                return new Outcome<Customer>.NotFound();
            }

            if (ifMatch?.Problem(current.Version) is { } mismatch)
            {
                return new Outcome<Customer>.PreconditionFailed(mismatch);
            }

            if (current.IsAnonymised)
            {
                return new Outcome<Customer>.Conflict("The customer is anonymised.", "An anonymised customer's data is gone for good and cannot be changed; " +
                    "add a new customer instead.");
            }

            var updated = current.Apply(changes, clock.GetUtcNow());
            if (ReferenceEquals(updated, current))
            {
                return current;
            }

            var write = await store.Customers.UpdateAsync(updated, current.Version, CustomerEvents.Updated(updated), cancellationToken);
            if (write != CustomerWrite.Stale || ifMatch?.Version is not null || attempt == Attempts)
            {
                return write == CustomerWrite.Done ? updated : Refused(write, updated);
            }
        }
    }

    /// <summary>
    /// Idempotent: a customer already anonymised is returned as it is, whatever <paramref name="ifMatch"/> says, so a
    /// retried request gets the same answer as the first.
    /// </summary>
    public async Task<Outcome<Customer>> AnonymiseAsync(Guid tenantId, Guid customerId, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        var (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.Customers.FindAsync(customerId, cancellationToken);
            if (current is null)
            {
                return new Outcome<Customer>.NotFound();
            }

            if (current.IsAnonymised)
            {
                return current;
            }

            if (ifMatch?.Problem(current.Version) is { } mismatch)
            {
                return new Outcome<Customer>.PreconditionFailed(mismatch);
            }

            var anonymised = current.Anonymise(clock.GetUtcNow());
            var write = await store.Customers.AnonymiseAsync(
                anonymised, current.Version, detached => CustomerEvents.Anonymised(anonymised, detached), cancellationToken);
            if (write != CustomerWrite.Stale || ifMatch?.Version is not null || attempt == Attempts)
            {
                return write == CustomerWrite.Done ? anonymised : Refused(write, anonymised);
            }
        }
    }

    private static Outcome<Customer> Refused(CustomerWrite write, Customer customer) => write switch
    {
        CustomerWrite.EmailTaken => new Outcome<Customer>.Conflict("The e-mail address is taken.",
            $"Another customer of the shop has the e-mail address '{customer.Email}'."),
        CustomerWrite.Stale => new Outcome<Customer>.PreconditionFailed("The customer changed while this change was made."),
        _ => throw new InvalidOperationException($"Unexpected customer write {write}."),
    };
}
