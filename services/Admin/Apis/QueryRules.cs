namespace Platform.Admin.Apis;

/// <summary>Validation shared by the list endpoints' query parameters; each adds its errors under the parameter's name.</summary>
public static class QueryRules
{
    public static void Page(int? page, int? pageSize, int maxPageSize, Dictionary<string, string[]> errors)
    {
        if (page is < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }

        if (pageSize is < 1 || pageSize > maxPageSize)
        {
            errors["pageSize"] = [$"The page size is between 1 and {maxPageSize}."];
        }
    }

    public static void Period(DateTimeOffset? from, DateTimeOffset? to, Dictionary<string, string[]> errors)
    {
        if (from >= to)
        {
            errors["to"] = ["The period ends after it starts."];
        }
    }

    /// <summary>An enum named in any letter case; numbers are refused (they would name undefined values).</summary>
    public static TEnum? Named<TEnum>(string? value, string parameter, Dictionary<string, string[]> errors)
        where TEnum : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        if (Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }

        errors[parameter] = [$"The {parameter} is one of: {string.Join(", ", Enum.GetNames<TEnum>().Select(name => name.ToLowerInvariant()))}."];
        return null;
    }
}
