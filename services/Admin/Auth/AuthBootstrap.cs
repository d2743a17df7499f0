using Microsoft.AspNetCore.Identity;
using Platform.Admin.Users;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Auth;

/// <summary>
/// Runs after the migrations, before requests: loads (or creates) the signing keys, and creates the configured
/// platform operator when absent, so a new deployment can log in without a manual step.
/// </summary>
internal sealed class AuthBootstrap(
    SigningKeys keys,
    IUserStore users,
    IPasswordHasher<User> hasher,
    AuthOptions options,
    TimeProvider clock,
    ILogger<AuthBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await keys.LoadAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(options.SuperadminEmail))
        {
            return;
        }

        var email = UserRules.NormaliseEmail(options.SuperadminEmail)
            ?? throw new InvalidOperationException("Auth:SuperadminEmail is not a valid e-mail address.");
        if (UserRules.PasswordProblem(options.SuperadminPassword, email) is { } problem)
        {
            throw new InvalidOperationException($"Auth:SuperadminPassword is not acceptable: {problem}");
        }

        var now = PostgresTime.Truncate(clock.GetUtcNow());
        var operatorUser = new User(Guid.CreateVersion7(now), null, email, null, "Platform operator", "", [Roles.Superadmin],
            UserStatus.Active, 0, null, null, 1, now, now);
        operatorUser = operatorUser with { PasswordHash = hasher.HashPassword(operatorUser, options.SuperadminPassword!) };
        if (await users.AddSuperadminAsync(operatorUser, cancellationToken))
        {
            logger.LogInformation("Created platform operator {Email}", email);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
