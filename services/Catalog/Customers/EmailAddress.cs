namespace Platform.Catalog.Customers;

/// <summary>
/// The e-mail addresses a shop can write to: an ASCII local part (RFC 5322's atoms joined by dots, at most 64
/// characters) and a domain name with a top-level label of letters. Quoted local parts and address literals, legal
/// but never seen at a till, are refused.
/// </summary>
public static class EmailAddress
{
    private const string AtomSymbols = "!#$%&'*+/=?^_`{|}~-";

    public static bool IsValid(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || at > 64)
        {
            return false;
        }

        var local = email[..at];
        var labels = email[(at + 1)..].Split('.');
        return local.Split('.').All(atom => atom.Length > 0 && atom.All(c => char.IsAsciiLetterOrDigit(c) || AtomSymbols.Contains(c)))
            && labels.Length >= 2
            && labels.All(label => label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            && labels[^1].Length >= 2 && labels[^1].All(char.IsAsciiLetter);
    }
}
