using System.Text.RegularExpressions;

namespace Platform.Admin;

/// <summary>Identifiers chosen by people (features, modules): lowercase letters, digits and dashes.</summary>
public static partial class Slugs
{
    /// <summary>Trimmed, lowercased, de-duplicated; null when any entry is not a slug.</summary>
    public static IReadOnlyList<string>? Normalise(IReadOnlyList<string>? values)
    {
        var normalised = (values ?? []).Select(value => value?.Trim().ToLowerInvariant() ?? "").Distinct(StringComparer.Ordinal).ToList();
        return normalised.All(Pattern().IsMatch) ? normalised : null;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$")]
    private static partial Regex Pattern();
}
