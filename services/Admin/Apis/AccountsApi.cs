using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Platform.Admin.Accounts;
using Platform.Admin.Audit;
using Platform.Admin.Auth;

namespace Platform.Admin.Apis;

public static class AccountsApi
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        // Platform operators manage accounts; a shop's own users may only read theirs.
        var accounts = app.MapGroup("/api/accounts").WithTags("Accounts").RequireAuthorization(AdminAuthExtensions.SuperadminPolicy);
        app.MapGet("/api/accounts/{accountId:guid}", GetAccount).WithTags("Accounts").RequireAuthorization()
            .WithName("GetAccount").WithSummary("One account: operators see all, a shop's users only their own");
        accounts.MapPost("/", CreateAccount).WithName("CreateAccount")
            .WithSummary("Open a shop's account; publishes TenantProvisioned so its store is provisioned");
        accounts.MapGet("/", ListAccounts).WithName("ListAccounts").WithSummary("Accounts, newest first, filtered by status and plan");
        accounts.MapPatch("/{accountId:guid}", UpdateAccount).WithName("UpdateAccount")
            .WithSummary("Change name, contact, modules or plan; a plan change publishes TenantPlanChanged");
        accounts.MapPost("/{accountId:guid}/suspend", (Guid accountId, StatusChangeRequest? request, HttpContext http, AccountService service, CancellationToken ct) =>
                ChangeStatus(accountId, AccountStatus.Suspended, request, http, service, ct))
            .WithName("SuspendAccount").WithSummary("Suspend an active account");
        accounts.MapPost("/{accountId:guid}/reactivate", (Guid accountId, HttpContext http, AccountService service, CancellationToken ct) =>
                ChangeStatus(accountId, AccountStatus.Active, null, http, service, ct))
            .WithName("ReactivateAccount").WithSummary("Reactivate a suspended account");
        accounts.MapPost("/{accountId:guid}/cancel", (Guid accountId, StatusChangeRequest? request, HttpContext http, AccountService service, CancellationToken ct) =>
                ChangeStatus(accountId, AccountStatus.Cancelled, request, http, service, ct))
            .WithName("CancelAccount").WithSummary("Close an account for good");
        return app;
    }

    public static async Task<Results<Created<AccountResponse>, ValidationProblem, ProblemHttpResult>> CreateAccount(
        CreateAccountRequest request, HttpContext http, AccountService service, CancellationToken cancellationToken) =>
        (await service.CreateAsync(request, http.AuditActor(), cancellationToken)).ToCreated(AccountResponse.From, account => $"/api/accounts/{account.Id}");

    public static async Task<Results<Ok<AccountPageResponse>, ValidationProblem>> ListAccounts(
        string? status, Guid? planId, int? page, int? pageSize, AccountService service, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var statusFilter = QueryRules.Named<AccountStatus>(status, "status", errors);
        QueryRules.Page(page, pageSize, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return OutcomeResults.Invalid(errors);
        }

        var result = await service.ListAsync(new AccountFilter(statusFilter, planId, page ?? 1, pageSize ?? 20), cancellationToken);
        return TypedResults.Ok(new AccountPageResponse(result.Items.Select(AccountResponse.From).ToList(), result.Total, result.PageNumber, result.PageSize));
    }

    public static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAccount(
        Guid accountId, ClaimsPrincipal principal, AccountService service, CancellationToken cancellationToken) =>
        Caller.From(principal).CanSee(accountId) && await service.FindAsync(accountId, cancellationToken) is { } account
            ? TypedResults.Ok(AccountResponse.From(account))
            : OutcomeResults.NotFound("account");

    public static async Task<Results<Ok<AccountResponse>, ValidationProblem, ProblemHttpResult>> UpdateAccount(
        Guid accountId, UpdateAccountRequest request, HttpContext http, AccountService service, CancellationToken cancellationToken) =>
        (await service.UpdateAsync(accountId, request, http.AuditActor(), cancellationToken)).ToOk(AccountResponse.From);

    private static async Task<Results<Ok<AccountResponse>, ValidationProblem, ProblemHttpResult>> ChangeStatus(
        Guid accountId, AccountStatus target, StatusChangeRequest? request, HttpContext http, AccountService service, CancellationToken cancellationToken) =>
        (await service.ChangeStatusAsync(accountId, target, request?.Reason, http.AuditActor(), cancellationToken)).ToOk(AccountResponse.From);
}
