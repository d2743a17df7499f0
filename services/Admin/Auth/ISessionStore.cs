namespace Platform.Admin.Auth;

/// <summary>One refresh token of a user; only its SHA-256 hash is stored.</summary>
public sealed record Session(Guid Id, Guid UserId, Guid FamilyId, byte[] TokenHash, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? Ip, string? UserAgent);

public enum RotationResult
{
    Rotated,
    Unknown,
    Expired,

    /// <summary>An already rotated token came back: it was copied. The whole family is revoked.</summary>
    Reused,
}

public interface ISessionStore
{
    /// <summary>Opens a session after a successful login and clears the user's failed-login count, in one transaction.</summary>
    Task OpenAsync(Session session, CancellationToken cancellationToken);

    /// <summary>Replaces the session holding <paramref name="presentedHash"/> by <paramref name="next"/> (same family, same user).</summary>
    Task<(RotationResult Result, Guid UserId)> RotateAsync(byte[] presentedHash, Func<Guid, Guid, Session> next, CancellationToken cancellationToken);

    Task<bool> RevokeAsync(byte[] tokenHash, CancellationToken cancellationToken);

    Task<int> RevokeAllAsync(Guid userId, CancellationToken cancellationToken);
}
