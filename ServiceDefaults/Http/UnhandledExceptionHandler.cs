using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Http;

/// <summary>The last resort: logs the exception with its trace and answers a 500 problem with no internals.</summary>
internal sealed class UnhandledExceptionHandler(IProblemDetailsService problemDetails, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return true;
        }

        logger.LogError(exception, "Unhandled exception on {Method} {Path}, traceId {TraceId}",
            httpContext.Request.Method, httpContext.Request.Path, ProblemDetailsConventions.TraceIdOf(httpContext));
        return await problemDetails.WriteAsync(
            httpContext,
            StatusCodes.Status500InternalServerError,
            ProblemTypes.Unexpected,
            "An unexpected error occurred.",
            "The error was logged; quote the traceId when reporting it.",
            exception);
    }
}
