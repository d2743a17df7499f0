namespace Platform.Admin.Auth;

/// <summary>One refresh token of a user; only its SHA-256 hash is stored. Its family started at the login.</summary>
public sealed record Session(
    Guid Id, Guid UserId, Guid FamilyId, DateTimeOffset FamilyCreatedAt, byte[] TokenHash, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    string? Ip, string? UserAgent);

/// <summary>When a rotation happens, how long a just-rotated token is tolerated, and how long a family lives.</summary>
public sealed record RotationRules(DateTimeOffset Now, TimeSpan ReuseGrace, TimeSpan FamilyLifetime);

public enum RotationResult
{
    Rotated,
    Unknown,
    Expired,

    /// <summary>An already rotated token came back after the grace window: it was copied. The whole family is revoked.</summary>
    Reused,

    /// <summary>Rotated within the grace window: a concurrent or retried refresh. Nothing changes.</summary>
    RecentlyRotated,
}

public interface ISessionStore
{
    /// <summary>Opens a session after a successful login and clears the user's failed-login count, in one transaction.</summary>
    Task OpenAsync(Session session, CancellationToken cancellationToken);

    /// <summary>Replaces the session holding <paramref name="presentedHash"/> by <paramref name="next"/> (same family, same user).</summary>
    /// <paramref name="next"/> receives the user, the family and when the family started.
    Task<(RotationResult Result, Guid UserId)> RotateAsync(
        byte[] presentedHash, RotationRules rules, Func<Guid, Guid, DateTimeOffset, Session> next, CancellationToken cancellationToken);

    Task<bool> RevokeAsync(byte[] tokenHash, CancellationToken cancellationToken);

    Task<int> RevokeAllAsync(Guid userId, CancellationToken cancellationToken);
}
