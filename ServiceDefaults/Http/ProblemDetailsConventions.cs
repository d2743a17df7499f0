using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Http;

internal static class ProblemDetailsConventions
{
    /// <summary>Every problem names the request and its trace so a client report can be found in the dashboard.</summary>
    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        problem.Instance ??= $"{request.Method} {request.Path}";
        problem.Extensions["traceId"] = TraceIdOf(context.HttpContext);

        // Exception details belong in logs and traces, never in a response.
        problem.Extensions.Remove("exception");

        // Problems the framework writes itself (challenges, status-code pages) get the platform's types too,
        // so clients switch on one vocabulary.
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            problem.Type = problem.Status switch
            {
                StatusCodes.Status400BadRequest => ProblemTypes.BadRequest,
                StatusCodes.Status401Unauthorized => ProblemTypes.Unauthorized,
                StatusCodes.Status403Forbidden => ProblemTypes.Forbidden,
                StatusCodes.Status404NotFound => ProblemTypes.NotFound,
                StatusCodes.Status405MethodNotAllowed => ProblemTypes.MethodNotAllowed,
                StatusCodes.Status409Conflict => ProblemTypes.Conflict,
                StatusCodes.Status412PreconditionFailed => ProblemTypes.PreconditionFailed,
                StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
                StatusCodes.Status429TooManyRequests => ProblemTypes.TooManyRequests,
                >= StatusCodes.Status500InternalServerError => ProblemTypes.Unexpected,
                _ => problem.Type,
            };
        }
    }

    /// <summary>
    /// The trace of the request when one is recorded (a collector is configured), else the server's request id; the
    /// same value the exception handler logs, so a quoted problem leads to its log line either way.
    /// </summary>
    public static string TraceIdOf(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
}
