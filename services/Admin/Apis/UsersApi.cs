using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Admin.Audit;
using Platform.Admin.Auth;
using Platform.Admin.Users;

namespace Platform.Admin.Apis;

public sealed record UserResponse(Guid Id, Guid? AccountId, string Email, string Name, IReadOnlyList<string> Roles, UserStatus Status,
    DateTimeOffset? LastLoginAt, DateTimeOffset CreatedAt)
{
    public static UserResponse From(User user) =>
        new(user.Id, user.AccountId, user.Email, user.Name, user.Roles, user.Status, user.LastLoginAt, user.CreatedAt);
}

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/accounts/{accountId:guid}/users").WithTags("Users").RequireAuthorization();
        users.MapPost("/", CreateUser).WithName("CreateUser").WithSummary("Add a user to the account (owners and admins; plan's max_users applies)");
        users.MapGet("/", ListUsers).WithName("ListUsers").WithSummary("The account's users");
        users.MapGet("/{userId:guid}", GetUser).WithName("GetUser").WithSummary("One user of the account");
        users.MapPut("/{userId:guid}/roles", ChangeRoles).WithName("ChangeUserRoles").WithSummary("Replace a user's roles (owners only)");
        return app;
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateUser(
        Guid accountId, CreateUserRequest request, HttpContext http, UserService users, CancellationToken cancellationToken) =>
        (await users.CreateAsync(Caller.From(http.User), http.AuditActor(), accountId, request, cancellationToken))
            .ToCreated(UserResponse.From, user => $"/api/accounts/{accountId}/users/{user.Id}");

    public static async Task<Results<Ok<List<UserResponse>>, ValidationProblem, ProblemHttpResult>> ListUsers(
        Guid accountId, ClaimsPrincipal principal, UserService users, CancellationToken cancellationToken) =>
        (await users.ListAsync(Caller.From(principal), accountId, cancellationToken)).ToOk(list => list.Select(UserResponse.From).ToList());

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> GetUser(
        Guid accountId, Guid userId, ClaimsPrincipal principal, UserService users, CancellationToken cancellationToken) =>
        (await users.FindAsync(Caller.From(principal), accountId, userId, cancellationToken)).ToOk(UserResponse.From);

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> ChangeRoles(
        Guid accountId, Guid userId, ChangeRolesRequest request, HttpContext http, UserService users, CancellationToken cancellationToken) =>
        (await users.ChangeRolesAsync(Caller.From(http.User), http.AuditActor(), accountId, userId, request, cancellationToken)).ToOk(UserResponse.From);
}
