using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Platform.Admin.Accounts;
using Platform.Admin.Users;

namespace Platform.Admin.Auth;

public sealed record TokenPair(string AccessToken, DateTimeOffset ExpiresAt, string RefreshToken);

public abstract record RefreshOutcome
{
    public sealed record Success(TokenPair Tokens) : RefreshOutcome;

    /// <summary>Unknown, expired or revoked (a replay after the grace window revokes the whole family).</summary>
    public sealed record Invalid : RefreshOutcome;

    /// <summary>Rotated moments ago by another request of the same session: refused, and the family is left alone.</summary>
    public sealed record RecentlyRotated : RefreshOutcome;
}

public abstract record LoginOutcome
{
    public sealed record Success(TokenPair Tokens) : LoginOutcome;

    /// <summary>Unknown e-mail, wrong password, disabled or locked user: deliberately indistinguishable.</summary>
    public sealed record InvalidCredentials : LoginOutcome;

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

    /// <summary>
    /// Every failed path does the same work (one read, one hash verification, one write) and gives the same answer, so
    /// neither the status, the body nor the time tells an anonymous caller whether the e-mail exists or the user is locked.
    /// A locked user is told nothing either: the lock (per user, after <see cref="AuthOptions.LockoutThreshold"/> failures)
    /// lasts <see cref="AuthOptions.Lockout"/> from the failure that set it, and attempts while locked neither count nor
    /// extend it, so keeping someone locked out takes a steady stream of guesses that the per-IP and per-e-mail rate
    /// limits slow down.
    /// </summary>
    public async Task<LoginOutcome> LoginAsync(string email, string password, string? ip, string? userAgent, CancellationToken cancellationToken)
    {
        var candidate = await users.FindForLoginAsync(email, cancellationToken);
        var now = clock.GetUtcNow();
        var verified = hasher.VerifyHashedPassword(candidate?.User!, candidate?.User.PasswordHash ?? DecoyHash.Value, password)
            != PasswordVerificationResult.Failed && candidate is not null;
        if (candidate is not { User: { Status: UserStatus.Active } user } || !verified || user.IsLocked(now))
        {
            await users.RecordFailedLoginAsync(candidate?.User.Id ?? Guid.Empty, options.LockoutThreshold, options.Lockout, cancellationToken);
            return new LoginOutcome.InvalidCredentials();
        }

        if (candidate.AccountStatus is { } status && status != AccountStatus.Active)
        {
            return new LoginOutcome.AccountInactive(status);
        }

        var (refreshToken, session) = NewSession(user.Id, Guid.NewGuid(), now, now, ip, userAgent);
        await sessions.OpenAsync(session, cancellationToken);
        var (accessToken, expiresAt) = tokens.Issue(user, session.Id);
        return new LoginOutcome.Success(new TokenPair(accessToken, expiresAt, refreshToken));
    }

    /// <summary>Exchanges a refresh token for a new pair; the presented token stops working.</summary>
    public async Task<RefreshOutcome> RefreshAsync(string refreshToken, string? ip, string? userAgent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        (string Token, Session Session)? issued = null;
        var rules = new RotationRules(now, options.RefreshReuseGrace, options.RefreshFamilyLifetime);
        var (result, userId) = await sessions.RotateAsync(Hash(refreshToken), rules, (user, family, familyCreatedAt) =>
        {
            issued = NewSession(user, family, familyCreatedAt, now, ip, userAgent);
            return issued.Value.Session;
        }, cancellationToken);

        if (result == RotationResult.RecentlyRotated)
        {
            return new RefreshOutcome.RecentlyRotated();
        }

        if (result != RotationResult.Rotated)
        {
            return new RefreshOutcome.Invalid();
        }

        // A user disabled or an account suspended since login gets no new access token.
        var candidate = await users.FindForRefreshAsync(userId, cancellationToken);
        if (candidate is not { User.Status: UserStatus.Active } || candidate.AccountStatus is AccountStatus.Suspended or AccountStatus.Cancelled)
        {
            await sessions.RevokeAllAsync(userId, cancellationToken);
            return new RefreshOutcome.Invalid();
        }

        var (accessToken, expiresAt) = tokens.Issue(candidate.User, issued!.Value.Session.Id);
        return new RefreshOutcome.Success(new TokenPair(accessToken, expiresAt, issued.Value.Token));
    }

    public Task<bool> LogoutAsync(string refreshToken, CancellationToken cancellationToken) =>
        sessions.RevokeAsync(Hash(refreshToken), cancellationToken);

    public Task<int> LogoutEverywhereAsync(Guid userId, CancellationToken cancellationToken) =>
        sessions.RevokeAllAsync(userId, cancellationToken);

    /// <summary>A refresh token lives <see cref="AuthOptions.RefreshTokenLifetime"/>, and never past its family's end.</summary>
    private (string Token, Session Session) NewSession(Guid userId, Guid familyId, DateTimeOffset familyCreatedAt, DateTimeOffset now, string? ip, string? userAgent)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expiresAt = new[] { now + options.RefreshTokenLifetime, familyCreatedAt + options.RefreshFamilyLifetime }.Min();
        var session = new Session(Guid.CreateVersion7(now), userId, familyId, familyCreatedAt, Hash(token), now, expiresAt,
            ip, userAgent?.Length > 500 ? userAgent[..500] : userAgent);
        return (token, session);
    }

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
