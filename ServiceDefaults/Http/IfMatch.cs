namespace Platform.ServiceDefaults.Http;

/// <summary>An <c>If-Match</c> precondition on a versioned resource: a version (<c>"3"</c>), or any existing one (<c>*</c>).</summary>
public sealed record IfMatch(long? Version)
{
    public static string ETag(long version) => $"\"{version}\"";

    /// <summary>False when the header is present but names no version this API issues (its ETags are quoted versions).</summary>
    public static bool TryParse(string? header, out IfMatch? ifMatch)
    {
        ifMatch = null;
        var value = header?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (value == "*")
        {
            ifMatch = new IfMatch((long?)null);
            return true;
        }

        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (value.Length > 2 && value[0] == '"' && value[^1] == '"' && long.TryParse(value[1..^1], out var version) && version > 0)
        {
            ifMatch = new IfMatch(version);
            return true;
        }

        return false;
    }

    /// <summary>Why the resource at <paramref name="currentVersion"/> (null: absent) does not meet the precondition; null when it does.</summary>
    public string? Problem(long? currentVersion) => (currentVersion, Version) switch
    {
        (null, _) => "The resource does not exist.",
        (var current, { } expected) when current != expected => $"The resource is at version {current}, not {expected}.",
        _ => null,
    };
}
