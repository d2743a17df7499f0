using System.Text.Json;

namespace Platform.Catalog;

/// <summary>Reading a JSON merge patch: which fields were sent (and which as null), and where a value did not fit.</summary>
public static class JsonPatchFields
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The fields present, by their camelCase name, each with whether it was sent as null.</summary>
    public static Dictionary<string, bool> Sent(JsonElement patch) =>
        patch.EnumerateObject()
            .GroupBy(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name))
            .ToDictionary(group => group.Key, group => group.Last().Value.ValueKind == JsonValueKind.Null, StringComparer.Ordinal);

    /// <summary>"$.priceCents" becomes "priceCents"; "$.tags[2]" becomes "tags".</summary>
    public static string FieldOf(JsonException exception)
    {
        var path = exception.Path ?? "$";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "";
        var end = field.IndexOfAny(['.', '[']);
        return end < 0 ? field : field[..end];
    }
}
