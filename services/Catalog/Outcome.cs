namespace Platform.Catalog;

/// <summary>What a use case ended with; the HTTP edge turns each case into a status and a problem type.</summary>
public abstract record Outcome<T>
{
    public sealed record Success(T Value) : Outcome<T>;

    public sealed record NotFound : Outcome<T>;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : Outcome<T>;

    public sealed record Conflict(string Title, string Detail) : Outcome<T>;

    /// <summary>The client's <c>If-Match</c> names a version the resource no longer has.</summary>
    public sealed record PreconditionFailed(string Detail) : Outcome<T>;

    /// <summary>The plan's limit named <see cref="Limit"/> (<c>max_products</c>) is reached.</summary>
    public sealed record LimitReached(string Limit, int Value) : Outcome<T>;

    public static implicit operator Outcome<T>(T value) => new Success(value);

    public static Outcome<T> InvalidField(string field, string message) => new Invalid(new() { [field] = [message] });
}
