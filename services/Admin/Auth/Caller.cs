using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Platform.Admin.Users;
using Platform.ServiceDefaults.Auth;

namespace Platform.Admin.Auth;

/// <summary>Who is calling, read from the validated token, and what that allows within an account.</summary>
public sealed record Caller(Guid UserId, Guid? AccountId, IReadOnlySet<string> Roles)
{
    public bool IsSuperadmin => Roles.Contains(Users.Roles.Superadmin);

    public static Caller From(ClaimsPrincipal principal) => new(
        Guid.Parse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub)!),
        Guid.TryParse(principal.FindFirstValue(PlatformClaims.TenantId), out var tenant) ? tenant : null,
        principal.FindAll(PlatformClaims.Roles).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal));

    /// <summary>Another shop's data does not exist for this caller: a 404, never a 403 that confirms it.</summary>
    public bool CanSee(Guid accountId) => IsSuperadmin || AccountId == accountId;

    public bool HasAnyRole(params string[] roles) => IsSuperadmin || roles.Any(Roles.Contains);
}
