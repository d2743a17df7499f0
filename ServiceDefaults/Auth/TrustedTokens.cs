using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// Verifying an ES256 signature, and the framework's work around it, cost more than the rest of a cached read, and a
/// client repeats the same token for minutes. The outcome of a successful validation is remembered for the exact token
/// string (any other string, a tampered one included, is validated in full) until the token expires, and never longer
/// than <see cref="MaxTrust"/>, so a retired signing key stops being trusted soon. Failures are never remembered.
/// Every request carrying a remembered token shares its principal. That is sound because the same token always names
/// the same user and nothing in the platform changes a principal after authentication (no claims transformation is
/// registered; a service with one refuses to start).
/// </summary>
public sealed class TrustedTokens
{
    public static readonly TimeSpan MaxTrust = TimeSpan.FromMinutes(5);

    /// <summary>Beyond this many live tokens, new ones are validated every time rather than remembered.</summary>
    public const int MaxTokens = 100_000;

    private const string BearerPrefix = "Bearer ";

    // A parameter, not an item: parameters are never serialized with the properties.
    private const string AnswerParameter = "platform.remembered-answer";

    // Looked up by the header's characters, so a request allocates no copy of its token.
    private readonly ConcurrentDictionary<string, Trusted> trusted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Trusted>.AlternateLookup<ReadOnlySpan<char>> byCharacters;
    private long nextSweep;

    public TrustedTokens() => byCharacters = trusted.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The result of an earlier validation of the token in an <c>Authorization: Bearer</c> header, if still trusted.</summary>
    public bool TryGetFromHeader(string? authorization, [NotNullWhen(true)] out Task<AuthenticateResult>? answer)
    {
        answer = Find(TokenOf(authorization))?.Answer;
        return answer is not null;
    }

    /// <summary>The result of the token's earlier validation, if it is remembered and still trusted.</summary>
    public bool TryGet(ReadOnlySpan<char> token, [NotNullWhen(true)] out AuthenticateResult? result)
    {
        result = Find(token)?.Answer.Result;
        return result is not null;
    }

    public void Remember(JsonWebToken token, ClaimsPrincipal principal)
    {
        var now = DateTime.UtcNow;
        SweepUntrusted(now);
        if (trusted.Count >= MaxTokens)
        {
            return;
        }

        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = token.ValidTo }, JwtBearerDefaults.AuthenticationScheme);
        var answer = Task.FromResult(AuthenticateResult.Success(ticket));
        ticket.Properties.SetParameter(AnswerParameter, answer);
        var trustUntil = token.ValidTo < now + MaxTrust ? token.ValidTo : now + MaxTrust;
        trusted[token.EncodedToken] = new Trusted(answer, trustUntil);
    }

    /// <summary>
    /// The completed task a remembered result was handed out in, so whoever answers with the same result again (the
    /// authorization middleware's policy evaluator does, on every request) need not wrap it in a new one.
    /// </summary>
    public static Task<AuthenticateResult>? AnswerOf(AuthenticateResult result) =>
        result.Properties?.GetParameter<Task<AuthenticateResult>>(AnswerParameter) is { } answer && ReferenceEquals(answer.Result, result)
            ? answer
            : null;

    /// <summary>The token of an <c>Authorization: Bearer</c> header, read the way the bearer handler reads it.</summary>
    public static string? FromAuthorizationHeader(string? authorization)
    {
        var token = TokenOf(authorization);
        return token.IsEmpty ? null : token.ToString();
    }

    private Trusted? Find(ReadOnlySpan<char> token) =>
        !token.IsEmpty && byCharacters.TryGetValue(token, out var known) && known.TrustUntil > DateTime.UtcNow ? known : null;

    private static ReadOnlySpan<char> TokenOf(string? authorization) =>
        authorization is not null && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization.AsSpan(BearerPrefix.Length).Trim()
            : default;

    /// <summary>Forgets tokens no longer trusted, at most once a minute, so the memory held follows the tokens in use.</summary>
    private void SweepUntrusted(DateTime now)
    {
        var due = Interlocked.Read(ref nextSweep);
        if (now.Ticks < due || Interlocked.CompareExchange(ref nextSweep, now.Ticks + TimeSpan.TicksPerMinute, due) != due)
        {
            return;
        }

        foreach (var (token, known) in trusted)
        {
            if (known.TrustUntil <= now)
            {
                trusted.TryRemove(new KeyValuePair<string, Trusted>(token, known));
            }
        }
    }

    /// <summary>The validation's result as a completed task, so handing it out again allocates nothing.</summary>
    private sealed record Trusted(Task<AuthenticateResult> Answer, DateTime TrustUntil);
}
