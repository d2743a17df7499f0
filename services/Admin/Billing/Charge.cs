using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Billing;

public enum ChargeStatus
{
    Pending,
    Paid,
    Failed,
}

/// <summary>One billing transaction of an account, in integer cents. Settled once: paid or failed, from pending only.</summary>
public sealed record Charge(
    Guid Id,
    Guid AccountId,
    long AmountCents,
    string Currency,
    string Description,
    ChargeStatus Status,
    string? Provider,
    string? ProviderReference,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt,
    DateTimeOffset? FailedAt);

/// <summary>The platform bills its shops in reais; totals are therefore plain sums.</summary>
public sealed record CreateChargeRequest(long? AmountCents, string? Description, string? Provider, string? ProviderReference);

public sealed record SettleChargeRequest(string? Reason);

public sealed record ChargeTotals(long PaidCents, long PendingCents, long FailedCents, int Count);

public sealed record ChargeQuery(DateTimeOffset? From, DateTimeOffset? To, ChargeStatus? Status);

public static class ChargeRules
{
    public const int MaxText = 200;
    public const string Currency = "BRL";

    public static bool TryCreate(Guid accountId, CreateChargeRequest request, DateTimeOffset now, out Charge charge, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (request.AmountCents is null or <= 0)
        {
            errors["amountCents"] = ["A positive amount in cents is required."];
        }

        var description = request.Description?.Trim();
        if (string.IsNullOrEmpty(description) || description.Length > MaxText)
        {
            errors["description"] = [$"A description of 1 to {MaxText} characters is required."];
        }

        var provider = NullIfBlank(request.Provider)?.ToLowerInvariant();
        var reference = NullIfBlank(request.ProviderReference);
        if (provider?.Length > MaxText || reference?.Length > MaxText || (reference is not null && provider is null))
        {
            errors["providerReference"] = [$"A provider reference needs its provider; each has at most {MaxText} characters."];
        }

        charge = errors.Count == 0
            ? new Charge(Guid.CreateVersion7(now), accountId, request.AmountCents!.Value, Currency, description!, ChargeStatus.Pending,
                provider, reference, null, PostgresTime.Truncate(now), null, null)
            : null!;
        return errors.Count == 0;
    }

    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
