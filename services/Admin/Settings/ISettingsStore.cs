using Platform.Admin.Accounts;
using Platform.Admin.Audit;

namespace Platform.Admin.Settings;

/// <summary>An account's status, enabled modules and the settings of those modules.</summary>
public sealed record SettingsSnapshot(AccountStatus Status, IReadOnlyList<string> Modules, IReadOnlyList<AccountSetting> Settings);

/// <summary>What a change of one setting is decided on, read under a lock on the account.</summary>
public sealed record SettingState(AccountStatus Status, IReadOnlyList<string> Modules, AccountSetting? Current, int KeysInModule);

/// <summary>The setting to store (null: delete the current one) and the entry auditing it.</summary>
public sealed record SettingChange(AccountSetting? Next, AuditEntry Audit);

public interface ISettingsStore
{
    /// <summary>Null when the account does not exist. Settings of modules the account no longer has are kept but not shown.</summary>
    Task<SettingsSnapshot?> ReadAsync(Guid accountId, string? module, CancellationToken cancellationToken);

    /// <summary>
    /// Changes one setting in one transaction with its audit entry: the account is locked (so its modules cannot change
    /// meanwhile), <paramref name="decide"/> sees the current state, and its change is written. The result is the stored
    /// setting, or the deleted one.
    /// </summary>
    Task<Outcome<AccountSetting>> ChangeAsync(
        Guid accountId, string module, string key, Func<SettingState, Outcome<SettingChange>> decide, CancellationToken cancellationToken);
}
