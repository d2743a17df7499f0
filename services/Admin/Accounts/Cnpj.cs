using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Admin.Accounts;

/// <summary>
/// A Brazilian company registration number, normalised to its 14 characters without punctuation.
/// Since July 2026 the first 12 characters may be letters as well as digits (the alphanumeric CNPJ); the two
/// check digits are computed the same way for both forms, each character weighing its ASCII code minus 48.
/// </summary>
[JsonConverter(typeof(CnpjJsonConverter))]
public readonly record struct Cnpj
{
    private static readonly int[] FirstWeights = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    private static readonly int[] SecondWeights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

    private Cnpj(string value) => Value = value;

    public string Value { get; }

    /// <summary>Accepts the formatted (<c>12.ABC.345/01DE-35</c>) or bare form, in any letter case.</summary>
    public static bool TryParse(string? input, out Cnpj cnpj)
    {
        cnpj = default;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 24)
        {
            return false;
        }

        Span<char> chars = stackalloc char[14];
        var length = 0;
        foreach (var c in input)
        {
            if (c is '.' or '/' or '-' or ' ')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (length == 14 || !(char.IsAsciiDigit(upper) || (length < 12 && char.IsAsciiLetterUpper(upper))))
            {
                return false;
            }

            chars[length++] = upper;
        }

        if (length != 14 || !char.IsAsciiDigit(chars[12]) || !char.IsAsciiDigit(chars[13]))
        {
            return false;
        }

        // All-equal numbers such as 00000000000000 pass the arithmetic but are not real registrations.
        if (chars.IndexOfAnyExcept(chars[0]) < 0)
        {
            return false;
        }

        if (CheckDigit(chars[..12], FirstWeights) != chars[12] - '0' || CheckDigit(chars[..13], SecondWeights) != chars[13] - '0')
        {
            return false;
        }

        cnpj = new Cnpj(new string(chars));
        return true;
    }

    /// <summary>The two check digits for a 12-character base; used to build valid numbers.</summary>
    public static string CheckDigitsFor(string twelveCharacters)
    {
        var first = CheckDigit(twelveCharacters, FirstWeights);
        var second = CheckDigit(twelveCharacters + (char)('0' + first), SecondWeights);
        return $"{first}{second}";
    }

    public string Formatted => $"{Value[..2]}.{Value[2..5]}.{Value[5..8]}/{Value[8..12]}-{Value[12..]}";

    public override string ToString() => Value;

    private static int CheckDigit(ReadOnlySpan<char> characters, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < characters.Length; i++)
        {
            sum += (characters[i] - '0') * weights[i];
        }

        var remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }
}

/// <summary>A CNPJ is written as its 14 characters and read in any accepted form.</summary>
public sealed class CnpjJsonConverter : JsonConverter<Cnpj>
{
    public override Cnpj Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Cnpj.TryParse(reader.GetString(), out var cnpj) ? cnpj : throw new JsonException("Not a valid CNPJ.");

    public override void Write(Utf8JsonWriter writer, Cnpj value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
