using Platform.Admin.Auth;

namespace Platform.Admin.Audit;

public static class AuditActorExtensions
{
    /// <summary>The authenticated caller of this request and its client address.</summary>
    public static AuditActor AuditActor(this HttpContext http) => new(
        http.User.Identity?.IsAuthenticated == true ? Caller.From(http.User).UserId : null,
        http.Connection.RemoteIpAddress?.ToString());
}
