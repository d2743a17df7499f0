using System.Runtime.CompilerServices;
using System.Security.Claims;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// What every request asks of its caller's claims (the tenant, the subject), read once per principal. A remembered
/// token's requests share one principal (<see cref="TrustedTokens"/>), so the claims are scanned on its first request
/// rather than on each; the facts live as long as the principal does. Sound for the same reason sharing the principal
/// is: nothing in the platform changes a principal's claims after authentication.
/// </summary>
internal sealed class PrincipalFacts
{
    private static readonly ConditionalWeakTable<ClaimsPrincipal, PrincipalFacts> Known = new();

    private PrincipalFacts(ClaimsPrincipal user)
    {
        Subject = user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
        Tenant = Guid.TryParse(user.FindFirst(PlatformClaims.TenantId)?.Value, out var id) && id != Guid.Empty ? new CurrentTenant(id) : null;
    }

    /// <summary>The authenticated user's name (the token's subject), else null.</summary>
    public string? Subject { get; }

    /// <summary>The tenant the token names, else null (a platform operator's token, or an anonymous caller).</summary>
    public CurrentTenant? Tenant { get; }

    public static PrincipalFacts Of(ClaimsPrincipal user) => Known.GetValue(user, static principal => new PrincipalFacts(principal));
}
