using Platform.Catalog.Text;

namespace Platform.Catalog.Customers;

/// <summary>
/// A validated page of the customer list, in name order (ties by id). <see cref="Pattern"/> matches customers whose
/// folded name or whose e-mail address contains the folded text of <c>q</c>.
/// </summary>
public sealed record CustomerQuery(int Page, int PageSize, string? Pattern)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxPage = 100_000;

    public long Offset => (long)(Page - 1) * PageSize;

    public static bool TryCreate(int? page, int? pageSize, string? q, out CustomerQuery query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (page is < 1 or > MaxPage)
        {
            errors["page"] = [$"Pages go from 1 to {MaxPage}."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"The page size is between 1 and {MaxPageSize}."];
        }

        var text = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (text?.Length > CustomerRules.MaxEmailLength || text?.Contains('\0', StringComparison.Ordinal) == true)
        {
            errors["q"] = [$"The text searched has at most {CustomerRules.MaxEmailLength} characters and no NUL."];
        }

        query = new CustomerQuery(page ?? 1, pageSize ?? DefaultPageSize, text is null ? null : TextFolding.ContainsPattern(text));
        return errors.Count == 0;
    }
}

/// <summary>One page of customers and how many match the query in all.</summary>
public sealed record CustomerPage(IReadOnlyList<Customer> Items, long Total);
