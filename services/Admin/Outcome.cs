namespace Platform.Admin;

/// <summary>What a use case ended with; the HTTP edge turns each case into a status and a problem type.</summary>
public abstract record Outcome<T>
{
    public sealed record Success(T Value) : Outcome<T>;

    public sealed record NotFound : Outcome<T>;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : Outcome<T>;

    public sealed record Conflict(string Title, string Detail) : Outcome<T>;

    /// <summary>The caller may see the resource but lacks the role for this action.</summary>
    public sealed record Forbidden(string Detail) : Outcome<T>;

    /// <summary>The plan's limit named <see cref="Limit"/> (e.g. <c>max_users</c>) is reached.</summary>
    public sealed record LimitReached(string Limit, int Value) : Outcome<T>;

    public static implicit operator Outcome<T>(T value) => new Success(value);
}
