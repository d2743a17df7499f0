using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
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

        if (badRequest is ProblemException problem)
        {
            return await problemDetails.WriteAsync(httpContext, problem.StatusCode, problem.Type, problem.Title, problem.Message);
        }

        var tenantMissing = badRequest is TenantRequiredException;
        return await problemDetails.WriteAsync(
            httpContext,
            badRequest.StatusCode,
            tenantMissing ? ProblemTypes.TenantRequired : ProblemTypes.BadRequest,
            tenantMissing ? "The request acts for no tenant." : "The request could not be read.",
            badRequest.Message);
    }
}
