using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Plans;

public enum BillingCycle
{
    Monthly,
    Yearly,
}

/// <summary>What a shop pays (integer cents, BRL) and what it may use.</summary>
public sealed record Plan(
    Guid Id,
    string Name,
    long PriceCents,
    string Currency,
    BillingCycle BillingCycle,
    int MaxProducts,
    int MaxUsers,
    IReadOnlyList<string> Features,
    bool Active,
    DateTimeOffset CreatedAt);

public sealed record CreatePlanRequest(
    string? Name,
    long? PriceCents,
    string? Currency,
    BillingCycle? BillingCycle,
    int? MaxProducts,
    int? MaxUsers,
    IReadOnlyList<string>? Features);

public static class PlanRules
{
    public const int MaxNameLength = 100;
    public const int MaxFeatures = 50;

    public static bool TryCreate(CreatePlanRequest request, DateTimeOffset now, out Plan plan, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors["name"] = [$"A name of 1 to {MaxNameLength} characters is required."];
        }

        if (request.PriceCents is null or < 0)
        {
            errors["priceCents"] = ["A price in cents, zero or more, is required."];
        }

        var currency = string.IsNullOrWhiteSpace(request.Currency) ? "BRL" : request.Currency.Trim().ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            errors["currency"] = ["A currency is a three-letter ISO 4217 code such as BRL."];
        }

        if (request.BillingCycle is null)
        {
            errors["billingCycle"] = ["A billing cycle (monthly or yearly) is required."];
        }

        if (request.MaxProducts is null or < 1)
        {
            errors["maxProducts"] = ["The product limit is a positive number."];
        }

        if (request.MaxUsers is null or < 1)
        {
            errors["maxUsers"] = ["The user limit is a positive number."];
        }

        var features = Slugs.Normalise(request.Features);
        if (features is null || features.Count > MaxFeatures)
        {
            errors["features"] = [$"At most {MaxFeatures} features, each a lowercase slug such as 'multi-store'."];
        }

        plan = errors.Count == 0
            ? new Plan(Guid.CreateVersion7(now), name!, request.PriceCents!.Value, currency, request.BillingCycle!.Value,
                request.MaxProducts!.Value, request.MaxUsers!.Value, features!, Active: true, PostgresTime.Truncate(now))
            : null!;
        return errors.Count == 0;
    }
}
