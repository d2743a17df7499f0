namespace Platform.ServiceDefaults.Auth;

/// <summary>The claims Admin's tokens carry; every service reads the tenant and roles from these, never from a header.</summary>
public static class PlatformClaims
{
    public const string TenantId = "tenant_id";
    public const string Roles = "roles";
    public const string SessionId = "sid";
}
