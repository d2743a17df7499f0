using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Admin.Auth;
using Platform.Admin.Plans;

namespace Platform.Admin.Apis;

public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/plans").WithTags("Plans").RequireAuthorization();
        plans.MapPost("/", CreatePlan).RequireAuthorization(AdminAuthExtensions.SuperadminPolicy).WithName("CreatePlan").WithSummary("Create a plan with its price and limits");
        plans.MapGet("/", ListPlans).WithName("ListPlans").WithSummary("All plans, cheapest first");
        plans.MapGet("/{planId:guid}", GetPlan).WithName("GetPlan").WithSummary("One plan");
        return app;
    }

    public static async Task<Results<Created<Plan>, ValidationProblem, ProblemHttpResult>> CreatePlan(
        CreatePlanRequest request, IPlanStore plans, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!PlanRules.TryCreate(request, clock.GetUtcNow(), out var plan, out var errors))
        {
            return OutcomeResults.Invalid(errors);
        }

        Outcome<Plan> outcome = await plans.AddAsync(plan, cancellationToken)
            ? plan
            : new Outcome<Plan>.Conflict("The plan name is taken.", $"A plan named '{plan.Name}' already exists.");
        return outcome.ToCreated(created => created, created => $"/api/plans/{created.Id}");
    }

    public static async Task<Ok<IReadOnlyList<Plan>>> ListPlans(IPlanStore plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plans.ListAsync(cancellationToken));

    public static async Task<Results<Ok<Plan>, ProblemHttpResult>> GetPlan(Guid planId, IPlanStore plans, CancellationToken cancellationToken) =>
        await plans.FindAsync(planId, cancellationToken) is { } plan ? TypedResults.Ok(plan) : OutcomeResults.NotFound("plan");
}
