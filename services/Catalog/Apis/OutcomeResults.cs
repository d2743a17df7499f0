using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Apis;

/// <summary>One mapping from use-case outcomes to HTTP: 400 validation, 404, 409, 412, each a problem with a stable type.</summary>
public static class OutcomeResults
{
    public static ValidationProblem Invalid(Dictionary<string, string[]> errors, string title = "The request is not valid.") =>
        TypedResults.ValidationProblem(errors, title: title, type: ProblemTypes.Validation);

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: $"No such {what}.");

    public static ValidationProblem InvalidIfMatch() =>
        Invalid(new() { ["If-Match"] = ["If-Match is * or the resource's ETag, such as \"3\"."] });

    /// <summary>The problem for a refusal other than invalid input (a <see cref="ValidationProblem"/>, see <see cref="Invalid"/>).</summary>
    public static ProblemHttpResult Problem<T>(Outcome<T> outcome, string what) => outcome switch
    {
        Outcome<T>.NotFound => NotFound(what),
        Outcome<T>.Conflict(var title, var detail) =>
            TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Conflict, title: title, detail: detail),
        Outcome<T>.PreconditionFailed(var detail) => TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
            type: ProblemTypes.PreconditionFailed, title: $"The {what} changed since it was read.", detail: detail),
        Outcome<T>.LimitReached(var limit, var value) => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            type: ProblemTypes.PlanLimit,
            title: "The plan's product limit is reached.",
            detail: $"The shop's plan allows {value} products ({limit}); remove one or move to a larger plan.",
            extensions: new Dictionary<string, object?> { ["limit"] = limit, ["value"] = value }),
        _ => throw new InvalidOperationException($"{outcome} is not a failure."),
    };
}
