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
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;

        // Exception details belong in logs and traces, never in a response.
        problem.Extensions.Remove("exception");
    }
}
