using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Admin.Audit;
using Platform.Admin.Auth;
using Platform.Admin.Users;

namespace Platform.Admin.Apis;

public sealed record AuditPageResponse(IReadOnlyList<AuditEntry> Items, long Total, int Page, int PageSize);

public static class AuditApi
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", QueryAudit).WithTags("Audit").RequireAuthorization().WithName("QueryAudit")
            .WithSummary("Audit entries, newest first, by account, user, resource and time range (a shop's owners and admins see their own)");
        return app;
    }

    public static async Task<Results<Ok<AuditPageResponse>, ValidationProblem, ProblemHttpResult>> QueryAudit(
        Guid? accountId, Guid? userId, string? resourceType, string? resourceId, DateTimeOffset? from, DateTimeOffset? to,
        int? page, int? pageSize, ClaimsPrincipal principal, IAuditLog audit, CancellationToken cancellationToken)
    {
        var caller = Caller.From(principal);
        if (!caller.IsSuperadmin)
        {
            if (accountId is { } requested && requested != caller.AccountId)
            {
                return OutcomeResults.NotFound("account");
            }

            if (!caller.HasAnyRole(Roles.Owner, Roles.Admin))
            {
                return OutcomeResults.Forbidden("The audit log is visible to the account's owners and admins.");
            }

            accountId = caller.AccountId;
        }

        var errors = new Dictionary<string, string[]>();
        if (resourceType?.Length > 50 || resourceId?.Length > 100)
        {
            errors["resource"] = ["A resource type has at most 50 characters and an id at most 100."];
        }

        QueryRules.Period(from, to, errors);
        QueryRules.Page(page, pageSize, MaxPageSize, errors);

        if (errors.Count > 0)
        {
            return OutcomeResults.Invalid(errors);
        }

        var query = new AuditQuery(accountId, userId, resourceType, resourceId, from, to, page ?? 1, pageSize ?? 50);
        var (entries, total) = await audit.QueryAsync(query, cancellationToken);
        return TypedResults.Ok(new AuditPageResponse(entries, total, query.Page, query.PageSize));
    }
}
