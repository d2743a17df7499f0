namespace Platform.Catalog.Customers;

/// <summary>The Brazilian individual taxpayer number (CPF): eleven digits, the last two check digits of the first nine.</summary>
public static class Cpf
{
    /// <summary>The eleven digits of a valid CPF written with or without its dots and dash; null when it is not one.</summary>
    public static string? Normalise(string value)
    {
        var digits = new char[11];
        var count = 0;
        foreach (var character in value)
        {
            if (character is >= '0' and <= '9')
            {
                if (count == digits.Length)
                {
                    return null;
                }

                digits[count++] = character;
            }
            else if (character is not ('.' or '-' or ' '))
            {
                return null;
            }
        }

        if (count != digits.Length || digits.All(digit => digit == digits[0]))
        {
            // Repeated digits (111.111.111-11) pass the arithmetic but are never issued.
            return null;
        }

        return CheckDigit(digits, 9) == digits[9] - '0' && CheckDigit(digits, 10) == digits[10] - '0' ? new string(digits) : null;
    }

    private static int CheckDigit(char[] digits, int length)
    {
        var sum = 0;
        for (var i = 0; i < length; i++)
        {
            sum += (digits[i] - '0') * (length + 1 - i);
        }

        var remainder = sum * 10 % 11;
        return remainder == 10 ? 0 : remainder;
    }
}
