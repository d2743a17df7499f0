using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults.Http;

namespace Platform.Admin.Apis;

/// <summary>One mapping from use-case outcomes to HTTP: 400 validation, 403, 404, 409, 412, each a problem with a stable type.</summary>
public static class OutcomeResults
{
    public static Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult> ToOk<T, TResponse>(this Outcome<T> outcome, Func<T, TResponse> map) =>
        outcome switch
        {
            Outcome<T>.Success(var value) => TypedResults.Ok(map(value)),
            Outcome<T>.Invalid(var errors) => Invalid(errors),
            _ => Problem(outcome),
        };

    public static Results<Created<TResponse>, ValidationProblem, ProblemHttpResult> ToCreated<T, TResponse>(
        this Outcome<T> outcome, Func<T, TResponse> map, Func<T, string> location) =>
        outcome switch
        {
            Outcome<T>.Success(var value) => TypedResults.Created(location(value), map(value)),
            Outcome<T>.Invalid(var errors) => Invalid(errors),
            _ => Problem(outcome),
        };

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: $"No such {what}.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: ProblemTypes.Forbidden, title: "Not allowed.", detail: detail);

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.", type: ProblemTypes.Validation);

    public static ProblemHttpResult Problem<T>(Outcome<T> outcome) => outcome switch
    {
        Outcome<T>.Conflict(var title, var detail) =>
            TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Conflict, title: title, detail: detail),
        Outcome<T>.Forbidden(var detail) => Forbidden(detail),
        Outcome<T>.PreconditionFailed(var detail) => TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
            type: ProblemTypes.PreconditionFailed, title: "The resource changed since it was read.", detail: detail),
        Outcome<T>.LimitReached(var limit, var value) => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            type: ProblemTypes.PlanLimit,
            title: "The plan's limit is reached.",
            detail: $"The account's plan allows {value} ({limit}); upgrade the plan to add more.",
            extensions: new Dictionary<string, object?> { ["limit"] = limit, ["value"] = value }),
        _ => NotFound("resource"),
    };
}
