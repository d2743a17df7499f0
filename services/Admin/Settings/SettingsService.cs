using System.Text.Json;
using Platform.Admin.Accounts;
using Platform.Admin.Audit;
using Platform.Admin.Auth;
using Platform.Admin.Users;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Settings;

/// <summary>
/// An account's settings: everyone of the shop reads them, its owners and admins (or an operator) change them, each
/// change audited with who made it and the values before and after.
/// </summary>
public sealed class SettingsService(ISettingsStore settings, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<AccountSetting>>> ListAsync(Caller caller, Guid accountId, string? module, CancellationToken cancellationToken)
    {
        if (!caller.CanSee(accountId))
        {
            return new Outcome<IReadOnlyList<AccountSetting>>.NotFound();
        }

        var snapshot = await settings.ReadAsync(accountId, module, cancellationToken);
        return snapshot is null || (module is not null && !snapshot.Modules.Contains(module))
            ? new Outcome<IReadOnlyList<AccountSetting>>.NotFound()
            : new Outcome<IReadOnlyList<AccountSetting>>.Success(snapshot.Settings);
    }

    public async Task<Outcome<AccountSetting>> PutAsync(
        Caller caller, AuditActor actor, Guid accountId, string module, string key, PutSettingRequest request, IfMatch? ifMatch,
        CancellationToken cancellationToken)
    {
        if (Refusal(caller, accountId) is { } refused)
        {
            return refused;
        }

        var errors = new Dictionary<string, string[]>();
        SettingRules.Module(module, errors);
        SettingRules.Key(key, errors);
        SettingRules.Value(request.Value, errors);
        if (errors.Count > 0)
        {
            return new Outcome<AccountSetting>.Invalid(errors);
        }

        return await settings.ChangeAsync(accountId, module, key, state =>
        {
            if (StateProblem(state, module, ifMatch) is { } problem)
            {
                return problem;
            }

            if (state.Current is null && state.KeysInModule >= SettingRules.MaxKeysPerModule)
            {
                return new Outcome<SettingChange>.Conflict("Too many settings.", $"A module has at most {SettingRules.MaxKeysPerModule} settings.");
            }

            var now = PostgresTime.Truncate(clock.GetUtcNow());
            var next = new AccountSetting(accountId, module, key, request.Value!.Value, (state.Current?.Version ?? 0) + 1, actor.UserId, now);
            return new SettingChange(next, Audit(actor, "SettingChanged", state.Current, next, now));
        }, cancellationToken);
    }

    public async Task<Outcome<AccountSetting>> DeleteAsync(
        Caller caller, AuditActor actor, Guid accountId, string module, string key, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        if (Refusal(caller, accountId) is { } refused)
        {
            return refused;
        }

        return await settings.ChangeAsync(accountId, module, key, state =>
        {
            if (StateProblem(state, module, ifMatch) is { } problem)
            {
                return problem;
            }

            return state.Current is null
                ? new Outcome<SettingChange>.NotFound()
                : new SettingChange(null, Audit(actor, "SettingDeleted", state.Current, null, PostgresTime.Truncate(clock.GetUtcNow())));
        }, cancellationToken);
    }

    /// <summary>Another shop's account does not exist for the caller; within the shop, staff only read.</summary>
    private static Outcome<AccountSetting>? Refusal(Caller caller, Guid accountId) =>
        !caller.CanSee(accountId) ? new Outcome<AccountSetting>.NotFound()
        : !caller.HasAnyRole(Roles.Owner, Roles.Admin) ? new Outcome<AccountSetting>.Forbidden("Only the account's owners and admins change settings.")
        : null;

    private static Outcome<SettingChange>? StateProblem(SettingState state, string module, IfMatch? ifMatch)
    {
        if (state.Status == AccountStatus.Cancelled)
        {
            return new Outcome<SettingChange>.Conflict("The account is cancelled.", "A cancelled account's settings cannot be changed.");
        }

        if (!state.Modules.Contains(module))
        {
            return new Outcome<SettingChange>.Invalid(new() { ["module"] = [$"Module '{module}' is not enabled on this account."] });
        }

        return ifMatch?.Problem(state.Current?.Version) is { } failed ? new Outcome<SettingChange>.PreconditionFailed(failed) : null;
    }

    private static AuditEntry Audit(AuditActor actor, string action, AccountSetting? before, AccountSetting? after, DateTimeOffset now)
    {
        var setting = after ?? before!;
        return AuditEntries.ForChange(actor, setting.AccountId, action, "setting", $"{setting.Module}/{setting.Key}", Snapshot(before), Snapshot(after), now);
    }

    private static object? Snapshot(AccountSetting? setting) =>
        setting is null ? null : new { setting.Module, setting.Key, Value = (JsonElement?)setting.Value, setting.Version };
}
