namespace Platform.Search.Querying;

/// <summary>A validated full-text query over one tenant's products.</summary>
public sealed record ProductQuery(string Text, int Limit)
{
    public const int MaxTextLength = 200;
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static bool TryCreate(string? text, int? limit, out ProductQuery query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors["q"] = ["A query text is required."];
        }
        else if (trimmed.Length > MaxTextLength)
        {
            errors["q"] = [$"A query has at most {MaxTextLength} characters."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"The limit is between 1 and {MaxLimit}."];
        }

        query = errors.Count == 0 ? new ProductQuery(trimmed!, limit ?? DefaultLimit) : null!;
        return errors.Count == 0;
    }
}

public sealed record ProductHit(
    Guid ProductId,
    string Name,
    string? Description,
    string? Category,
    IReadOnlyList<string> Tags,
    long PriceCents,
    string Currency,
    double Score);
