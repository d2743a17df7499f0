using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Admin.Settings;

public static partial class SettingRules
{
    /// <summary>A setting is configuration, not data: small enough to read with the account every time.</summary>
    public const int MaxValueBytes = 8 * 1024;

    public const int MaxKeysPerModule = 50;

    public static void Key(string key, Dictionary<string, string[]> errors, string field = "key")
    {
        if (!KeyPattern().IsMatch(key))
        {
            errors[field] = [$"A key is 1 to 100 lowercase letters, digits, dots, dashes or underscores ('{Truncated(key)}' is not)."];
        }
    }

    public static void Module(string module, Dictionary<string, string[]> errors)
    {
        if (Slugs.Normalise([module]) is not [var slug] || slug != module)
        {
            errors["module"] = [$"'{Truncated(module)}' is not a module slug."];
        }
    }

    public static void Value(JsonElement? value, Dictionary<string, string[]> errors, string field = "value")
    {
        if (value is not { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } present)
        {
            errors[field] = ["A JSON value is required (DELETE removes a setting)."];
        }
        else if (Encoding.UTF8.GetByteCount(present.GetRawText()) > MaxValueBytes)
        {
            errors[field] = [$"A value has at most {MaxValueBytes} bytes of JSON."];
        }
    }

    private static string Truncated(string value) => value.Length > 60 ? value[..60] + "..." : value;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?$")]
    private static partial Regex KeyPattern();
}
