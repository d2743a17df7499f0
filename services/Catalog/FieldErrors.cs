namespace Platform.Catalog;

/// <summary>Validation's one way to record a field's error: under its JSON name, returning no value.</summary>
public static class FieldErrors
{
    public static T? Fail<T>(Dictionary<string, string[]> errors, string field, string message)
        where T : class
    {
        errors[field] = [message];
        return null;
    }
}
