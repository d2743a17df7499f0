using System.Text.Json;

namespace Platform.Catalog;

/// <summary>Reading a JSON merge patch: which fields were sent (and which as null), and where a value did not fit.</summary>
public static class JsonPatchFields
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Reads a merge patch into <typeparamref name="TBody"/>: false, with the error under the field's name, when the
    /// patch is not an object or a value does not fit its field; otherwise the body and the fields that were sent.
    /// </summary>
    public static bool TryRead<TBody>(JsonElement patch, Dictionary<string, string[]> errors, out TBody body, out Dictionary<string, bool> sent)
    {
        body = default!;
        sent = [];
        if (patch.ValueKind != JsonValueKind.Object)
        {
            errors[""] = ["A change is a JSON object of the fields to change."];
            return false;
        }

        try
        {
            body = patch.Deserialize<TBody>(Options)!;
        }
        catch (JsonException exception)
        {
            errors[FieldOf(exception)] = ["The value is not of the field's type."];
            return false;
        }

        sent = Sent(patch);
        return true;
    }

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
