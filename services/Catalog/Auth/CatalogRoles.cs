using Microsoft.AspNetCore.Authorization;

namespace Platform.Catalog.Auth;

/// <summary>
/// Who may do what in a shop's catalog, from the token's <c>roles</c>: every user of the shop reads; only owners and
/// admins change products and categories (staff sell, they do not edit the catalog).
/// </summary>
public static class CatalogRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Staff = "staff";

    public const string WritePolicy = "catalog-write";

    public static AuthorizationBuilder AddCatalogPolicies(this AuthorizationBuilder authorization) =>
        authorization.AddPolicy(WritePolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Owner, Admin));
}
