using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Platform.ServiceDefaults.Http;

/// <summary>How the exception handlers answer: a problem with the given status, written through the problem-details service.</summary>
internal static class ProblemResponses
{
    public static ValueTask<bool> WriteAsync(
        this IProblemDetailsService problemDetails, HttpContext httpContext, int status, string type, string title, string detail, Exception? exception = null)
    {
        httpContext.Response.StatusCode = status;
        return problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        });
    }
}
