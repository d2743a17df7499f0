using Platform.Admin.Accounts;
using Platform.Admin.Audit;

namespace Platform.Admin.Users;

public enum AddUserResult
{
    Added,
    AccountNotFound,
    AccountNotActive,
    LimitReached,
    EmailTaken,
    CpfTaken,
}

public enum RolesUpdate
{
    Updated,

    /// <summary>The user changed meanwhile (version).</summary>
    Concurrent,

    /// <summary>The change would leave the account without an owner.</summary>
    LastOwner,
}

/// <summary>A user found for login, with the status of the account it belongs to (none for platform operators).</summary>
public sealed record LoginCandidate(User User, AccountStatus? AccountStatus);

public interface IUserStore
{
    /// <summary>Adds a user to an account unless that would pass the plan's <c>max_users</c>; checked and written atomically.</summary>
    Task<(AddUserResult Result, int MaxUsers)> AddToAccountAsync(User user, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Adds a platform operator unless the e-mail is taken.</summary>
    Task<bool> AddSuperadminAsync(User user, CancellationToken cancellationToken);

    Task<LoginCandidate?> FindForLoginAsync(string email, CancellationToken cancellationToken);

    Task<LoginCandidate?> FindForRefreshAsync(Guid userId, CancellationToken cancellationToken);

    Task<User?> FindAsync(Guid userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<User>> ListAsync(Guid accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Counts a failed login and locks the user once <paramref name="threshold"/> is reached; returns the lock end. A user
    /// already locked is left as is, and an id matching no user (an unknown e-mail) changes nothing: the same round trip.
    /// </summary>
    Task<DateTimeOffset?> RecordFailedLoginAsync(Guid userId, int threshold, TimeSpan lockout, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the roles; when they drop <c>owner</c>, another owner must remain, checked under a lock on the account
    /// so two owners demoting each other at once cannot both succeed.
    /// </summary>
    Task<RolesUpdate> UpdateRolesAsync(
        User user, IReadOnlyList<string> roles, DateTimeOffset now, AuditEntry audit, CancellationToken cancellationToken);
}
