namespace Platform.Admin.Users;

/// <summary>The roles a user can hold. <see cref="Superadmin"/> operates the platform and belongs to no account.</summary>
public static class Roles
{
    public const string Superadmin = "superadmin";
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Staff = "staff";

    public static readonly IReadOnlySet<string> AccountRoles = new HashSet<string>([Owner, Admin, Staff], StringComparer.Ordinal);
}

public enum UserStatus
{
    Active,
    Disabled,
}

public sealed record User(
    Guid Id,
    Guid? AccountId,
    string Email,
    string? Cpf,
    string Name,
    string PasswordHash,
    IReadOnlyList<string> Roles,
    UserStatus Status,
    int FailedLogins,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? LastLoginAt,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil > now;
}
