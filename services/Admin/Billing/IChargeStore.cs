using Platform.Admin.Audit;

namespace Platform.Admin.Billing;

public interface IChargeStore
{
    /// <summary>Records the charge with its audit entry; false when the account does not exist or the provider's reference is already recorded.</summary>
    Task<(bool Added, bool AccountExists)> AddAsync(Charge charge, AuditEntry audit, CancellationToken cancellationToken);

    Task<Charge?> FindAsync(Guid chargeId, CancellationToken cancellationToken);

    /// <summary>Settles a pending charge with the audit entry <paramref name="audit"/> makes of it; null when it is not pending (anymore).</summary>
    Task<Charge?> SettleAsync(
        Guid chargeId, ChargeStatus outcome, string? reason, DateTimeOffset now, Func<Charge, AuditEntry> audit, CancellationToken cancellationToken);

    /// <summary>The account's charges in the period, newest first, with the period's totals, in one round trip.</summary>
    Task<(IReadOnlyList<Charge> Charges, ChargeTotals Totals)> ListAsync(Guid accountId, ChargeQuery query, CancellationToken cancellationToken);
}
