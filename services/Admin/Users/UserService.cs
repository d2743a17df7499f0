using Microsoft.AspNetCore.Identity;
using Platform.Admin.Audit;
using Platform.Admin.Auth;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Users;

/// <summary>Users of a shop, managed by its owners and admins (or a platform operator).</summary>
public sealed class UserService(IUserStore users, IPasswordHasher<User> hasher, TimeProvider clock)
{
    public async Task<Outcome<User>> CreateAsync(Caller caller, AuditActor actor, Guid accountId, CreateUserRequest request, CancellationToken cancellationToken)
    {
        if (!caller.CanSee(accountId))
        {
            return new Outcome<User>.NotFound();
        }

        if (!caller.HasAnyRole(Roles.Owner, Roles.Admin))
        {
            return new Outcome<User>.Forbidden("Only the account's owners and admins add users.");
        }

        if (!UserRules.TryCreate(request, out var draft, out var errors))
        {
            return new Outcome<User>.Invalid(errors);
        }

        if (draft.Roles.Any(role => role is Roles.Owner or Roles.Admin) && !caller.HasAnyRole(Roles.Owner))
        {
            return new Outcome<User>.Forbidden("Only owners grant the owner or admin role.");
        }

        var now = PostgresTime.Truncate(clock.GetUtcNow());
        var user = new User(Guid.CreateVersion7(now), accountId, draft.Email, draft.Cpf.Value, draft.Name, "", draft.Roles,
            UserStatus.Active, 0, null, null, 1, now, now);
        user = user with { PasswordHash = hasher.HashPassword(user, draft.Password) };

        var audit = AuditEntries.ForChange(actor, accountId, "UserCreated", "user", user.Id.ToString(), null, Snapshot(user), now);
        var (result, maxUsers) = await users.AddToAccountAsync(user, audit, cancellationToken);
        return result switch
        {
            AddUserResult.Added => user,
            AddUserResult.AccountNotFound => new Outcome<User>.NotFound(),
            AddUserResult.AccountNotActive => new Outcome<User>.Conflict("The account is not active.", "Users are added to active accounts only."),
            AddUserResult.LimitReached => new Outcome<User>.LimitReached("max_users", maxUsers),
            AddUserResult.EmailTaken => new Outcome<User>.Conflict("The e-mail is taken.", $"A user with e-mail {draft.Email} already exists."),
            _ => new Outcome<User>.Conflict("The CPF is taken.", "This account already has a user with that CPF."),
        };
    }

    /// <summary>What an audit entry keeps of a user: never the password hash.</summary>
    private static object Snapshot(User user) => new { user.Email, user.Name, user.Roles, Status = user.Status.ToString().ToLowerInvariant() };

    public async Task<Outcome<IReadOnlyList<User>>> ListAsync(Caller caller, Guid accountId, CancellationToken cancellationToken) =>
        caller.CanSee(accountId)
            ? new Outcome<IReadOnlyList<User>>.Success(await users.ListAsync(accountId, cancellationToken))
            : new Outcome<IReadOnlyList<User>>.NotFound();

    public async Task<Outcome<User>> FindAsync(Caller caller, Guid accountId, Guid userId, CancellationToken cancellationToken) =>
        caller.CanSee(accountId) && await users.FindAsync(userId, cancellationToken) is { } user && user.AccountId == accountId
            ? user
            : new Outcome<User>.NotFound();

    /// <summary>Owner-only: roles decide who may do what, so only owners change them, and an account keeps an owner.</summary>
    public async Task<Outcome<User>> ChangeRolesAsync(Caller caller, AuditActor actor, Guid accountId, Guid userId, ChangeRolesRequest request, CancellationToken cancellationToken)
    {
        if (await FindAsync(caller, accountId, userId, cancellationToken) is not Outcome<User>.Success(var user))
        {
            return new Outcome<User>.NotFound();
        }

        if (!caller.HasAnyRole(Roles.Owner))
        {
            return new Outcome<User>.Forbidden("Only owners change roles.");
        }

        var errors = new Dictionary<string, string[]>();
        var roles = UserRules.ValidateAccountRoles(request.Roles, errors);
        if (roles is null)
        {
            return new Outcome<User>.Invalid(errors);
        }

        var now = PostgresTime.Truncate(clock.GetUtcNow());
        var changed = user with { Roles = roles, Version = user.Version + 1, UpdatedAt = now };
        var audit = AuditEntries.ForChange(actor, accountId, "UserRolesChanged", "user", userId.ToString(), Snapshot(user), Snapshot(changed), now);
        return await users.UpdateRolesAsync(user, roles, now, audit, cancellationToken) switch
        {
            RolesUpdate.Updated => changed,
            RolesUpdate.LastOwner => new Outcome<User>.Conflict("An account keeps an owner.", "Make another user owner first."),
            _ => new Outcome<User>.Conflict("The user is being changed concurrently.", "Retry the request."),
        };
    }
}
