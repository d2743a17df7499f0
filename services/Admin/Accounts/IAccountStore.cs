using Platform.Admin.Audit;
using Platform.Admin.Settings;
using Platform.Contracts;

namespace Platform.Admin.Accounts;

public sealed record AccountFilter(AccountStatus? Status, Guid? PlanId, int Page, int PageSize);

public sealed record Page<T>(IReadOnlyList<T> Items, long Total, int PageNumber, int PageSize);

public interface IAccountStore
{
    /// <summary>
    /// Stores the account with its first settings, the events announcing it and its audit entries, atomically; false
    /// when its CNPJ is taken.
    /// </summary>
    Task<bool> AddAsync(
        Account account, IReadOnlyList<AccountSetting> settings, IReadOnlyList<IIntegrationEvent> events, IReadOnlyList<AuditEntry> audit,
        CancellationToken cancellationToken);

    Task<Account?> FindAsync(Guid accountId, CancellationToken cancellationToken);

    Task<Page<Account>> ListAsync(AccountFilter filter, CancellationToken cancellationToken);

    /// <summary>Writes the new state with its events if the stored version is still <paramref name="expectedVersion"/>.</summary>
    Task<bool> UpdateAsync(Account account, long expectedVersion, IReadOnlyList<IIntegrationEvent> events, AuditEntry audit, CancellationToken cancellationToken);
}
