using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Tenancy;

/// <summary>
/// The tenant a request acts for; any endpoint that takes it as a parameter refuses a request without one.
/// Until Admin issues JWTs (issue 3) it comes from the <c>X-Tenant-Id</c> header: this type is the one place
/// that changes when it comes from the token's claim instead.
/// </summary>
public sealed record CurrentTenant(Guid Id)
{
    public const string HeaderName = "X-Tenant-Id";

    public static ValueTask<CurrentTenant?> BindAsync(HttpContext context)
    {
        var header = context.Request.Headers[HeaderName];
        if (header.Count != 1 || !Guid.TryParse(header[0], out var id) || id == Guid.Empty)
        {
            throw new TenantRequiredException($"Send the tenant's id (a non-empty GUID) in the {HeaderName} header.");
        }

        return ValueTask.FromResult<CurrentTenant?>(new CurrentTenant(id));
    }
}

public sealed class TenantRequiredException(string message) : BadHttpRequestException(message, StatusCodes.Status400BadRequest);
