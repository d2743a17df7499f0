using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Admin.Audit;
using Platform.Admin.Auth;
using Platform.Admin.Billing;
using Platform.Admin.Users;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Apis;

public sealed record ChargeListResponse(IReadOnlyList<Charge> Items, ChargeTotals Totals);

public static class BillingApi
{
    public static IEndpointRouteBuilder MapBillingApi(this IEndpointRouteBuilder app)
    {
        var billing = app.MapGroup("/api").WithTags("Billing").RequireAuthorization();
        billing.MapPost("/accounts/{accountId:guid}/charges", CreateCharge).RequireAuthorization(AdminAuthExtensions.SuperadminPolicy)
            .WithName("CreateCharge").WithSummary("Record a pending charge; a provider's reference is recorded once");
        billing.MapGet("/accounts/{accountId:guid}/charges", ListCharges)
            .WithName("ListCharges").WithSummary("An account's charges in a period, newest first, with totals (operators, or the shop's owners and admins)");
        billing.MapGet("/charges/{chargeId:guid}", GetCharge).WithName("GetCharge").WithSummary("One charge");
        billing.MapPost("/charges/{chargeId:guid}/paid", (Guid chargeId, HttpContext http, IChargeStore charges, TimeProvider clock, CancellationToken ct) =>
                SettleAsync(chargeId, ChargeStatus.Paid, null, http, charges, clock, ct))
            .RequireAuthorization(AdminAuthExtensions.SuperadminPolicy).WithName("MarkChargePaid").WithSummary("Settle a pending charge as paid");
        billing.MapPost("/charges/{chargeId:guid}/failed",
                (Guid chargeId, SettleChargeRequest? request, HttpContext http, IChargeStore charges, TimeProvider clock, CancellationToken ct) =>
                SettleAsync(chargeId, ChargeStatus.Failed, request?.Reason, http, charges, clock, ct))
            .RequireAuthorization(AdminAuthExtensions.SuperadminPolicy).WithName("MarkChargeFailed").WithSummary("Settle a pending charge as failed");
        return app;
    }

    public static async Task<Results<Created<Charge>, ValidationProblem, ProblemHttpResult>> CreateCharge(
        Guid accountId, CreateChargeRequest request, HttpContext http, IChargeStore charges, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ChargeRules.TryCreate(accountId, request, clock.GetUtcNow(), out var charge, out var errors))
        {
            return OutcomeResults.Invalid(errors);
        }

        var audit = AuditEntries.ForChange<Charge>(http.AuditActor(), accountId, "ChargeCreated", "charge", charge.Id.ToString(), null, charge, charge.CreatedAt);
        Outcome<Charge> outcome = await charges.AddAsync(charge, audit, cancellationToken) switch
        {
            (true, _) => charge,
            (false, false) => new Outcome<Charge>.NotFound(),
            _ => new Outcome<Charge>.Conflict("The charge is already recorded.",
                $"Provider {charge.Provider} reference {charge.ProviderReference} names an existing charge."),
        };
        return outcome.ToCreated(created => created, created => $"/api/charges/{created.Id}");
    }

    public static async Task<Results<Ok<ChargeListResponse>, ValidationProblem, ProblemHttpResult>> ListCharges(
        Guid accountId, DateTimeOffset? from, DateTimeOffset? to, string? status, ClaimsPrincipal principal, IChargeStore charges,
        CancellationToken cancellationToken)
    {
        if (Visibility(Caller.From(principal), accountId) is { } refused)
        {
            return refused;
        }

        var errors = new Dictionary<string, string[]>();
        var statusFilter = QueryRules.Named<ChargeStatus>(status, "status", errors);
        QueryRules.Period(from, to, errors);
        if (errors.Count > 0)
        {
            return OutcomeResults.Invalid(errors);
        }

        var (items, totals) = await charges.ListAsync(accountId, new ChargeQuery(from, to, statusFilter), cancellationToken);
        return TypedResults.Ok(new ChargeListResponse(items, totals));
    }

    public static async Task<Results<Ok<Charge>, ProblemHttpResult>> GetCharge(
        Guid chargeId, ClaimsPrincipal principal, IChargeStore charges, CancellationToken cancellationToken)
    {
        var charge = await charges.FindAsync(chargeId, cancellationToken);
        if (charge is null)
        {
            return OutcomeResults.NotFound("charge");
        }

        return Visibility(Caller.From(principal), charge.AccountId) is { } refused ? refused : TypedResults.Ok(charge);
    }

    /// <summary>Another shop's billing does not exist for the caller; within the shop, owners and admins see it.</summary>
    private static ProblemHttpResult? Visibility(Caller caller, Guid accountId) =>
        !caller.CanSee(accountId) ? OutcomeResults.NotFound("charge")
        : !caller.HasAnyRole(Roles.Owner, Roles.Admin)
            ? OutcomeResults.Forbidden("Billing is visible to the account's owners and admins.")
            : null;

    private static async Task<Results<Ok<Charge>, ValidationProblem, ProblemHttpResult>> SettleAsync(
        Guid chargeId, ChargeStatus outcome, string? reason, HttpContext http, IChargeStore charges, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (reason?.Length > ChargeRules.MaxText)
        {
            return OutcomeResults.Invalid(new() { ["reason"] = [$"A reason has at most {ChargeRules.MaxText} characters."] });
        }

        var now = PostgresTime.Truncate(clock.GetUtcNow());
        var actor = http.AuditActor();
        var action = outcome == ChargeStatus.Paid ? "ChargePaid" : "ChargeFailed";
        if (await charges.SettleAsync(chargeId, outcome, ChargeRules.NullIfBlank(reason), now,
                settled => AuditEntries.ForChange(actor, settled.AccountId, action, "charge", chargeId.ToString(),
                    settled with { Status = ChargeStatus.Pending, PaidAt = null, FailedAt = null, FailureReason = null }, settled, now),
                cancellationToken) is { } settled)
        {
            return TypedResults.Ok(settled);
        }

        Outcome<Charge> failure = await charges.FindAsync(chargeId, cancellationToken) is { } existing
            ? new Outcome<Charge>.Conflict("The charge is already settled.", $"The charge is {existing.Status.ToString().ToLowerInvariant()}.")
            : new Outcome<Charge>.NotFound();
        return failure.ToOk(charge => charge);
    }
}
