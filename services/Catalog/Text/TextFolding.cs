using System.Globalization;
using System.Text;

namespace Platform.Catalog.Text;

/// <summary>
/// Text as people compare it: lowercase, without accents ("Café" and "cafe" are one word). Computed here rather than in
/// SQL so that PostgreSQL and SQLite, whose lower() functions differ, store, sort and match the same keys.
/// </summary>
public static class TextFolding
{
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var character in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(char.ToLowerInvariant(character));
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>A LIKE pattern matching any text that contains <paramref name="text"/> (folded), with <c>\</c> as the escape.</summary>
    public static string ContainsPattern(string text)
    {
        var escaped = Fold(text).Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        return $"%{escaped}%";
    }
}
