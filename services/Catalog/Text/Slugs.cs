using System.Text.RegularExpressions;

namespace Platform.Catalog.Text;

/// <summary>A category's name in URLs: lowercase ASCII letters and digits in words joined by single dashes.</summary>
public static partial class Slugs
{
    public const int MaxLength = 100;

    public static bool IsValid(string slug) => slug.Length <= MaxLength && Pattern().IsMatch(slug);

    /// <summary>"Calçados & Acessórios" becomes "calcados-acessorios"; empty when the name has no letter or digit to keep.</summary>
    public static string From(string name)
    {
        var words = NotSlug().Replace(TextFolding.Fold(name), "-").Trim('-');
        return words.Length <= MaxLength ? words : words[..MaxLength].TrimEnd('-');
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex Pattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
