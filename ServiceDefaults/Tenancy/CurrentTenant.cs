using Microsoft.AspNetCore.Http;
using Platform.ServiceDefaults.Auth;

namespace Platform.ServiceDefaults.Tenancy;

/// <summary>
/// The tenant a request acts for, read from the validated token's <c>tenant_id</c> claim, never from anything else a
/// client sends. Endpoints that take it must require authorization; a token without a tenant (a platform operator's)
/// is refused with a 403 problem.
/// </summary>
public sealed record CurrentTenant(Guid Id)
{
    public static ValueTask<CurrentTenant?> BindAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            throw new InvalidOperationException("CurrentTenant is bound on an endpoint that does not require authorization.");
        }

        return PrincipalFacts.Of(context.User).Tenant is { } tenant
            ? ValueTask.FromResult<CurrentTenant?>(tenant)
            : throw new TenantRequiredException("The token names no tenant; log in as a user of the shop.");
    }
}

public sealed class TenantRequiredException(string message) : BadHttpRequestException(message, StatusCodes.Status403Forbidden);
