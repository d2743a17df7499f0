using System.Text.Encodings.Web;
using System.Text.Json;

namespace Platform.Catalog.Products;

/// <summary>
/// A product's specifications: a JSON object of the shop's own attributes ({"voltage": "220V", "weight_g": 850}),
/// bounded in size, stored compact and returned as written.
/// </summary>
public static class SpecificationRules
{
    public const int MaxBytes = 16 * 1024;
    public const string Empty = "{}";

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The object as compact JSON text; null, with an error under <c>specifications</c>, when it is not acceptable.</summary>
    public static string? Validate(JsonElement? value, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return Empty;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            return FieldErrors.Fail<string>(errors, "specifications", "Specifications are a JSON object, such as {\"color\": \"blue\"}.");
        }

        if (Problem(value.Value) is { } problem)
        {
            return FieldErrors.Fail<string>(errors, "specifications", problem);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            value.Value.WriteTo(writer);
        }

        return buffer.Length <= MaxBytes
            ? System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)
            : FieldErrors.Fail<string>(errors, "specifications", $"Specifications take at most {MaxBytes / 1024} KiB as compact JSON.");
    }

    /// <summary>Duplicate keys would read differently in each store, and PostgreSQL cannot hold a NUL character.</summary>
    internal static string? Problem(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var keys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!keys.Add(property.Name))
                    {
                        return $"The key '{property.Name}' appears twice in one object.";
                    }

                    if (property.Name.Contains('\0', StringComparison.Ordinal))
                    {
                        return "Text cannot contain a NUL character.";
                    }

                    if (Problem(property.Value) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(Problem).FirstOrDefault(problem => problem is not null);
            case JsonValueKind.String:
                return element.GetString()!.Contains('\0', StringComparison.Ordinal) ? "Text cannot contain a NUL character." : null;
            default:
                return null;
        }
    }
}
