using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Admin.Auth;
using Platform.Admin.Users;
using Platform.ServiceDefaults.Http;

namespace Platform.Admin.Apis;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken)
{
    public static TokenResponse From(TokenPair pair, DateTimeOffset now) =>
        new(pair.AccessToken, "Bearer", (int)(pair.ExpiresAt - now).TotalSeconds, pair.RefreshToken);
}

public sealed record MeResponse(Guid UserId, Guid? AccountId, IReadOnlyCollection<string> Roles);

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/login", Login).WithName("Login").WithSummary("Exchange e-mail and password for an access token and a refresh token");
        auth.MapPost("/refresh", Refresh).WithName("Refresh").WithSummary("Rotate a refresh token: the old one stops working");
        auth.MapPost("/logout", Logout).WithName("Logout").WithSummary("Revoke one session (its refresh token)");
        auth.MapPost("/logout-all", LogoutEverywhere).RequireAuthorization().WithName("LogoutEverywhere")
            .WithSummary("Revoke every session of the calling user");
        auth.MapGet("/me", (ClaimsPrincipal principal) => Me(Caller.From(principal))).RequireAuthorization().WithName("Me");
        return app;
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext http, LoginService logins, LoginRateLimiter limiter, TimeProvider clock, CancellationToken cancellationToken)
    {
        var email = UserRules.NormaliseEmail(request.Email);
        if (email is null || string.IsNullOrEmpty(request.Password) || request.Password.Length > UserRules.MaxPasswordLength)
        {
            return OutcomeResults.Invalid(new() { ["credentials"] = ["An e-mail address and a password are required."] });
        }

        var ip = http.Connection.RemoteIpAddress?.ToString();
        if (limiter.TryAcquire(ip, email) is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, type: ProblemTypes.TooManyRequests,
                title: "Too many login attempts.", detail: "Wait before trying again.");
        }

        return await logins.LoginAsync(email, request.Password, ip, http.Request.Headers.UserAgent.ToString(), cancellationToken) switch
        {
            LoginOutcome.Success(var tokens) => TypedResults.Ok(TokenResponse.From(tokens, clock.GetUtcNow())),
            LoginOutcome.AccountInactive(var status) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: ProblemTypes.Forbidden,
                title: "The account is not active.", detail: $"The shop's account is {status.ToString().ToLowerInvariant()}."),
            _ => Unauthorized("The e-mail or the password is wrong."),
        };
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest request, HttpContext http, LoginService logins, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.RefreshToken) || request.RefreshToken.Length > 200)
        {
            return OutcomeResults.Invalid(new() { ["refreshToken"] = ["A refresh token is required."] });
        }

        return await logins.RefreshAsync(request.RefreshToken, http.Connection.RemoteIpAddress?.ToString(),
            http.Request.Headers.UserAgent.ToString(), cancellationToken) switch
        {
            RefreshOutcome.Success(var tokens) => TypedResults.Ok(TokenResponse.From(tokens, clock.GetUtcNow())),
            RefreshOutcome.RecentlyRotated => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Conflict,
                title: "The refresh token was just rotated.",
                detail: "Another request exchanged it moments ago; use the refresh token that request received, or log in again."),
            _ => Unauthorized("The refresh token is unknown, expired or revoked; log in again."),
        };
    }

    public static async Task<Results<NoContent, ValidationProblem>> Logout(RefreshRequest request, LoginService logins, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.RefreshToken) || request.RefreshToken.Length > 200)
        {
            return OutcomeResults.Invalid(new() { ["refreshToken"] = ["A refresh token is required."] });
        }

        // Logging out twice, or with an unknown token, ends in the same state: no 4xx to guess tokens with.
        await logins.LogoutAsync(request.RefreshToken, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> LogoutEverywhere(ClaimsPrincipal principal, LoginService logins, CancellationToken cancellationToken)
    {
        await logins.LogoutEverywhereAsync(Caller.From(principal).UserId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static Ok<MeResponse> Me(Caller caller) => TypedResults.Ok(new MeResponse(caller.UserId, caller.AccountId, caller.Roles));

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, type: ProblemTypes.Unauthorized, title: "Not authenticated.", detail: detail);
}
