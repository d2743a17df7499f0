using System.Text.Json;

namespace Platform.Admin.Settings;

/// <summary>One key/value setting of an account for one of its modules; <see cref="Version"/> counts its changes.</summary>
public sealed record AccountSetting(
    Guid AccountId,
    string Module,
    string Key,
    JsonElement Value,
    long Version,
    Guid? UpdatedBy,
    DateTimeOffset UpdatedAt);

public sealed record PutSettingRequest(JsonElement? Value);
