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

    /// <summary>The client's <c>If-Match</c> names a version the resource no longer has.</summary>
    public sealed record PreconditionFailed(string Detail) : Outcome<T>;

    /// <summary>The plan's limit named <see cref="Limit"/> (e.g. <c>max_users</c>) is reached.</summary>
    public sealed record LimitReached(string Limit, int Value) : Outcome<T>;

    public static implicit operator Outcome<T>(T value) => new Success(value);

    /// <summary>The same failure as the outcome of a use case with another result; a success has no such counterpart.</summary>
    public Outcome<TOther> Failure<TOther>() => this switch
    {
        Invalid(var errors) => new Outcome<TOther>.Invalid(errors),
        Conflict(var title, var detail) => new Outcome<TOther>.Conflict(title, detail),
        Forbidden(var detail) => new Outcome<TOther>.Forbidden(detail),
        PreconditionFailed(var detail) => new Outcome<TOther>.PreconditionFailed(detail),
        LimitReached(var limit, var value) => new Outcome<TOther>.LimitReached(limit, value),
        NotFound => new Outcome<TOther>.NotFound(),
        _ => throw new InvalidOperationException("A success is not a failure."),
    };
}
