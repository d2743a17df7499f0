using System.Text.RegularExpressions;

namespace Platform.Catalog.Products;

/// <summary>
/// What a product's fields may hold, for a new product and for a change alike. Each check adds its error under the
/// field's JSON name and returns the normalised value (null when invalid).
/// </summary>
public static partial class ProductRules
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;
    public const int MaxImages = 10;
    public const int MaxImageLength = 1024;
    public const string DefaultCurrency = "BRL";

    public static string? Name(string? value, Dictionary<string, string[]> errors)
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return Fail(errors, "name", "A name is required.");
        }

        return name.Length > MaxNameLength ? Fail(errors, "name", $"A name has at most {MaxNameLength} characters.") : Text(name, "name", errors);
    }

    /// <summary>Blank is no description; false, with the error recorded, when it is not acceptable.</summary>
    public static bool Description(string? value, Dictionary<string, string[]> errors, out string? description)
    {
        description = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (description?.Length > MaxDescriptionLength)
        {
            Fail(errors, "description", $"A description has at most {MaxDescriptionLength} characters.");
            return false;
        }

        return description is null || Text(description, "description", errors) is not null;
    }

    public static long? Price(long? value, Dictionary<string, string[]> errors) => value switch
    {
        null => FailValue<long>(errors, "priceCents", "A price in cents is required."),
        < 0 => FailValue<long>(errors, "priceCents", "A price cannot be negative."),
        _ => value,
    };

    public static string? Currency(string? value, Dictionary<string, string[]> errors)
    {
        var currency = string.IsNullOrWhiteSpace(value) ? DefaultCurrency : value.Trim().ToUpperInvariant();
        return currency.Length == 3 && currency.All(char.IsAsciiLetterUpper)
            ? currency
            : Fail(errors, "currency", "A currency is a three-letter ISO 4217 code such as BRL.");
    }

    /// <summary>Trimmed, lowercased, de-duplicated in their first order.</summary>
    public static IReadOnlyList<string>? Tags(IReadOnlyList<string?>? value, Dictionary<string, string[]> errors)
    {
        var tags = (value ?? []).Select(tag => tag?.Trim().ToLowerInvariant()).Where(tag => !string.IsNullOrEmpty(tag)).Select(tag => tag!)
            .Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > MaxTags || tags.Any(tag => tag.Length > MaxTagLength))
        {
            return FieldErrors.Fail<IReadOnlyList<string>>(errors, "tags", $"At most {MaxTags} tags of at most {MaxTagLength} characters each.");
        }

        return tags.All(tag => Text(tag, "tags", errors) is not null) ? tags : null;
    }

    /// <summary>
    /// Object keys in storage, always under the shop's own prefix (<c>tenants/{tenant-id}/...</c>), or https URLs;
    /// de-duplicated in their first order.
    /// </summary>
    public static IReadOnlyList<string>? Images(IReadOnlyList<string?>? value, Guid tenantId, Dictionary<string, string[]> errors)
    {
        var images = (value ?? []).Select(image => image?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (images.Count > MaxImages)
        {
            return FieldErrors.Fail<IReadOnlyList<string>>(errors, "images", $"At most {MaxImages} images.");
        }

        var prefix = KeyPrefix(tenantId);
        foreach (var image in images)
        {
            var valid = image.Length is > 0 and <= MaxImageLength && (IsHttpsUrl(image) || (image.StartsWith(prefix, StringComparison.Ordinal) && IsKey(image[prefix.Length..])));
            if (!valid)
            {
                return FieldErrors.Fail<IReadOnlyList<string>>(errors, "images", $"Each image is an https URL or a storage key under '{prefix}' (letters, digits, '.', '-', '_' in '/'-separated parts), " +
                    $"of at most {MaxImageLength} characters.");
            }
        }

        return images;
    }

    public static string KeyPrefix(Guid tenantId) => $"tenants/{tenantId:D}/";

    private static bool IsHttpsUrl(string image) =>
        Uri.TryCreate(image, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.UserInfo.Length == 0 && uri.Host.Length > 0;

    private static bool IsKey(string relative) => KeyPattern().IsMatch(relative) && relative.Split('/').All(part => part is not ("." or ".."));

    /// <summary>PostgreSQL cannot store a NUL character and SQLite would; both stores must accept the same products.</summary>
    private static string? Text(string value, string field, Dictionary<string, string[]> errors) =>
        value.Contains('\0', StringComparison.Ordinal) ? Fail(errors, field, "Text cannot contain a NUL character.") : value;

    private static string? Fail(Dictionary<string, string[]> errors, string field, string message) => FieldErrors.Fail<string>(errors, field, message);

    private static T? FailValue<T>(Dictionary<string, string[]> errors, string field, string message)
        where T : struct
    {
        errors[field] = [message];
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*$")]
    private static partial Regex KeyPattern();
}
