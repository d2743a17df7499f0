using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.ServiceDefaults.Http;

/// <summary>Malformed JSON, a missing body or an unparsable route value: the client's fault, a 4xx, never a 500.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Type = badRequest is TenantRequiredException ? ProblemTypes.TenantRequired : ProblemTypes.BadRequest,
                Title = badRequest is TenantRequiredException ? "The request acts for no tenant." : "The request could not be read.",
                Detail = badRequest.Message,
            },
        });
    }
}
