using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Catalog.Products;

namespace Platform.Catalog.Customers;

/// <summary>What each of a customer's fields may hold; each check adds its error under the field's JSON name.</summary>
public static class CustomerRules
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxPhoneLength = 30;
    public const int MaxNotesLength = 2000;
    public const int MaxAddressBytes = 2 * 1024;

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string? Name(string? value, Dictionary<string, string[]> errors)
    {
        var name = value?.Trim();
        string? problem = name switch
        {
            null or "" => "A name is required.",
            { Length: > MaxNameLength } => $"A name has at most {MaxNameLength} characters.",
            _ when name.Any(char.IsControl) => "A name cannot contain control characters.",
            _ => null,
        };
        return problem is null ? name : FieldErrors.Fail<string>(errors, "name", problem);
    }

    /// <summary>The address in lower case, so one mailbox is one customer whatever case it was typed in.</summary>
    public static string? Email(string? value, Dictionary<string, string[]> errors)
    {
        var email = value?.Trim().ToLowerInvariant();
        string? problem = email switch
        {
            null or "" => "An e-mail address is required.",
            { Length: > MaxEmailLength } => $"An e-mail address has at most {MaxEmailLength} characters.",
            _ when !EmailAddress.IsValid(email) => "The e-mail address is not valid (such as ana@example.com).",
            _ => null,
        };
        return problem is null ? email : FieldErrors.Fail<string>(errors, "email", problem);
    }

    /// <summary>Optional: digits with the usual separators, 8 to 15 digits (E.164's longest).</summary>
    public static string? Phone(string? value, Dictionary<string, string[]> errors)
    {
        var phone = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (phone is null)
        {
            return null;
        }

        var digits = phone.Count(char.IsAsciiDigit);
        return phone.Length <= MaxPhoneLength && digits is >= 8 and <= 15 && phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.')
            ? phone
            : FieldErrors.Fail<string>(errors, "phone", $"A phone number has 8 to 15 digits, separated only by spaces, '+', '-', '.' or parentheses, " +
                $"at most {MaxPhoneLength} characters.");
    }

    /// <summary>Optional: a CPF with valid check digits, kept as its eleven digits.</summary>
    public static string? Document(string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Cpf.Normalise(value.Trim()) ?? FieldErrors.Fail<string>(errors, "document", "The document is a CPF with valid check digits, such as 529.982.247-25.");
    }

    /// <summary>Optional: a JSON object of the shop's own address fields, kept compact and returned as written.</summary>
    public static string? Address(JsonElement? value, Dictionary<string, string[]> errors)
    {
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            return FieldErrors.Fail<string>(errors, "address", "An address is a JSON object, such as {\"street\": \"Rua A, 10\", \"city\": \"Recife\"}.");
        }

        if (SpecificationRules.Problem(value.Value) is { } problem)
        {
            return FieldErrors.Fail<string>(errors, "address", problem);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            value.Value.WriteTo(writer);
        }

        return buffer.Length <= MaxAddressBytes
            ? System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)
            : FieldErrors.Fail<string>(errors, "address", $"An address takes at most {MaxAddressBytes / 1024} KiB as compact JSON.");
    }

    public static string? Notes(string? value, Dictionary<string, string[]> errors)
    {
        var notes = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return notes is null || (notes.Length <= MaxNotesLength && !notes.Contains('\0', StringComparison.Ordinal))
            ? notes
            : FieldErrors.Fail<string>(errors, "notes", $"Notes have at most {MaxNotesLength} characters and no NUL.");
    }
}
