namespace Platform.Admin.Users;

/// <summary>A Brazilian individual taxpayer number, normalised to its 11 digits.</summary>
public readonly record struct Cpf
{
    private Cpf(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? input, out Cpf cpf)
    {
        cpf = default;
        var digits = new string((input ?? "").Where(c => c is not ('.' or '-' or ' ')).ToArray());
        if (digits.Length != 11 || !digits.All(char.IsAsciiDigit) || digits.All(c => c == digits[0]))
        {
            return false;
        }

        if (CheckDigit(digits.AsSpan(0, 9), 10) != digits[9] - '0' || CheckDigit(digits.AsSpan(0, 10), 11) != digits[10] - '0')
        {
            return false;
        }

        cpf = new Cpf(digits);
        return true;
    }

    public override string ToString() => Value;

    private static int CheckDigit(ReadOnlySpan<char> digits, int firstWeight)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            sum += (digits[i] - '0') * (firstWeight - i);
        }

        var remainder = sum * 10 % 11;
        return remainder == 10 ? 0 : remainder;
    }
}
