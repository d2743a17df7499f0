using Platform.Catalog.Text;

namespace Platform.Catalog.Categories;

/// <summary>What a category's name and slug may hold; each check adds its error under the field's name.</summary>
public static class CategoryRules
{
    public const int MaxNameLength = 100;

    public static string? Name(string? value, Dictionary<string, string[]> errors)
    {
        var name = value?.Trim();
        string? problem = name switch
        {
            null or "" => "A name is required.",
            { Length: > MaxNameLength } => $"A name has at most {MaxNameLength} characters.",
            _ when name.Contains('\0', StringComparison.Ordinal) => "Text cannot contain a NUL character.",
            _ => null,
        };
        return problem is null ? name : FieldErrors.Fail<string>(errors, "name", problem);
    }

    public static string? Slug(string? value, bool derived, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return derived ? null : FieldErrors.Fail<string>(errors, "slug", "A slug cannot be null.");
        }

        var slug = value.Trim();
        if (Slugs.IsValid(slug))
        {
            return slug;
        }

        return derived
            ? FieldErrors.Fail<string>(errors, "slug", "The name has no letter or digit to make a slug of; send a slug.")
            : FieldErrors.Fail<string>(errors, "slug", $"A slug is lowercase letters and digits in words joined by dashes (such as 'calcados-femininos'), " +
                $"at most {Slugs.MaxLength} characters.");
    }
}
