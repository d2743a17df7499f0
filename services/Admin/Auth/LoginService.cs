using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Platform.Admin.Accounts;
using Platform.Admin.Users;

namespace Platform.Admin.Auth;

public sealed record TokenPair(string AccessToken, DateTimeOffset ExpiresAt, string RefreshToken);

public abstract record LoginOutcome
{
    public sealed record Success(TokenPair Tokens) : LoginOutcome;

    /// <summary>Unknown e-mail, wrong password or disabled user: deliberately indistinguishable.</summary>
    public sealed record InvalidCredentials : LoginOutcome;

    public sealed record Locked(DateTimeOffset Until) : LoginOutcome;

    public sealed record AccountInactive(AccountStatus Status) : LoginOutcome;
}

/// <summary>Login, refresh-token rotation and logout.</summary>
public sealed class LoginService(
    IUserStore users,
    ISessionStore sessions,
    TokenIssuer tokens,
    IPasswordHasher<User> hasher,
    AuthOptions options,
    TimeProvider clock)
{
    // Verified when the e-mail is unknown, so a miss costs the same time as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<User>().HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));

    public async Task<LoginOutcome> LoginAsync(string email, string password, string? ip, string? userAgent, CancellationToken cancellationToken)
    {
        var candidate = await users.FindForLoginAsync(email, cancellationToken);
        if (candidate is null)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
            return new LoginOutcome.InvalidCredentials();
        }

        var (user, accountStatus) = candidate;
        var now = clock.GetUtcNow();
        if (user.IsLocked(now))
        {
            return new LoginOutcome.Locked(user.LockedUntil!.Value);
        }

        if (hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed || user.Status != UserStatus.Active)
        {
            var lockedUntil = await users.RecordFailedLoginAsync(user.Id, options.LockoutThreshold, options.Lockout, cancellationToken);
            return lockedUntil > now ? new LoginOutcome.Locked(lockedUntil.Value) : new LoginOutcome.InvalidCredentials();
        }

        if (accountStatus is { } status && status != AccountStatus.Active)
        {
            return new LoginOutcome.AccountInactive(status);
        }

        var (refreshToken, session) = NewSession(user.Id, Guid.NewGuid(), now, ip, userAgent);
        await sessions.OpenAsync(session, cancellationToken);
        var (accessToken, expiresAt) = tokens.Issue(user, session.Id);
        return new LoginOutcome.Success(new TokenPair(accessToken, expiresAt, refreshToken));
    }

    /// <summary>Exchanges a refresh token for a new pair; the presented token stops working.</summary>
    public async Task<TokenPair?> RefreshAsync(string refreshToken, string? ip, string? userAgent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        (string Token, Session Session)? issued = null;
        var (result, userId) = await sessions.RotateAsync(Hash(refreshToken), (user, family) =>
        {
            issued = NewSession(user, family, now, ip, userAgent);
            return issued.Value.Session;
        }, cancellationToken);

        if (result != RotationResult.Rotated)
        {
            return null;
        }

        // A user disabled or an account suspended since login gets no new access token.
        var candidate = await users.FindForRefreshAsync(userId, cancellationToken);
        if (candidate is not { User.Status: UserStatus.Active } || candidate.AccountStatus is AccountStatus.Suspended or AccountStatus.Cancelled)
        {
            await sessions.RevokeAllAsync(userId, cancellationToken);
            return null;
        }

        var (accessToken, expiresAt) = tokens.Issue(candidate.User, issued!.Value.Session.Id);
        return new TokenPair(accessToken, expiresAt, issued.Value.Token);
    }

    public Task<bool> LogoutAsync(string refreshToken, CancellationToken cancellationToken) =>
        sessions.RevokeAsync(Hash(refreshToken), cancellationToken);

    public Task<int> LogoutEverywhereAsync(Guid userId, CancellationToken cancellationToken) =>
        sessions.RevokeAllAsync(userId, cancellationToken);

    private (string Token, Session Session) NewSession(Guid userId, Guid familyId, DateTimeOffset now, string? ip, string? userAgent)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var session = new Session(Guid.CreateVersion7(now), userId, familyId, Hash(token), now, now + options.RefreshTokenLifetime,
            ip, userAgent?.Length > 500 ? userAgent[..500] : userAgent);
        return (token, session);
    }

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
