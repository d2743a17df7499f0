using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Auth;

namespace Platform.ServiceDefaults.Tests;

public sealed class TrustedTokensTests
{
    private readonly TrustedTokens tokens = new();

    [Fact]
    public async Task A_remembered_token_is_found_only_by_its_exact_characters_in_a_bearer_header()
    {
        var token = Token(TimeSpan.FromMinutes(10));
        tokens.Remember(token, Principal("alice"));

        Assert.True(tokens.TryGetFromHeader($"Bearer {token.EncodedToken}", out var answer));
        Assert.Equal("alice", (await answer).Principal!.Identity!.Name);
        Assert.True(tokens.TryGetFromHeader($"bearer   {token.EncodedToken} ", out _));
        Assert.False(tokens.TryGetFromHeader($"Bearer {token.EncodedToken}x", out _));
        Assert.False(tokens.TryGetFromHeader($"Bearer {token.EncodedToken[..^1]}", out _));
        Assert.False(tokens.TryGetFromHeader($"Basic {token.EncodedToken}", out _));
        Assert.False(tokens.TryGetFromHeader(null, out _));
        Assert.False(tokens.TryGetFromHeader("Bearer ", out _));
    }

    [Fact]
    public async Task A_remembered_result_gives_back_the_task_it_was_handed_out_in_and_no_other_result_does()
    {
        var token = Token(TimeSpan.FromMinutes(10));
        tokens.Remember(token, Principal("alice"));
        Assert.True(tokens.TryGetFromHeader($"Bearer {token.EncodedToken}", out var answer));
        var result = await answer;

        Assert.Same(answer, TrustedTokens.AnswerOf(result));
        var lookalike = AuthenticateResult.Success(new AuthenticationTicket(result.Principal!, result.Properties, "Bearer"));
        Assert.Null(TrustedTokens.AnswerOf(lookalike));
        Assert.Null(TrustedTokens.AnswerOf(AuthenticateResult.NoResult()));
    }

    [Fact]
    public void Two_tokens_keep_their_own_principals()
    {
        var first = Token(TimeSpan.FromMinutes(10));
        var second = Token(TimeSpan.FromMinutes(10));
        tokens.Remember(first, Principal("alice"));
        tokens.Remember(second, Principal("bob"));

        Assert.True(tokens.TryGet(first.EncodedToken, out var alice));
        Assert.True(tokens.TryGet(second.EncodedToken, out var bob));
        Assert.Equal("alice", alice.Principal!.Identity!.Name);
        Assert.Equal("bob", bob.Principal!.Identity!.Name);
    }

    [Fact]
    public async Task A_token_is_no_longer_trusted_once_it_expires()
    {
        var token = Token(TimeSpan.FromSeconds(2));
        tokens.Remember(token, Principal("alice"));
        Assert.True(tokens.TryGet(token.EncodedToken, out _));

        await Task.Delay(token.ValidTo - DateTime.UtcNow + TimeSpan.FromMilliseconds(100));

        Assert.False(tokens.TryGet(token.EncodedToken, out _));
        Assert.False(tokens.TryGetFromHeader($"Bearer {token.EncodedToken}", out _));
    }

    [Fact]
    public void A_token_already_expired_is_not_trusted_even_if_remembered()
    {
        var token = Token(TimeSpan.FromSeconds(-20));
        tokens.Remember(token, Principal("alice"));

        Assert.False(tokens.TryGet(token.EncodedToken, out _));
    }

    private static ClaimsPrincipal Principal(string subject) =>
        new(new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject)], "Bearer", JwtRegisteredClaimNames.Sub, PlatformClaims.Roles));

    // Unsigned: the cache is handed only tokens the handler has already validated, so a signature plays no part here.
    private static JsonWebToken Token(TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        var expires = now + lifetime;
        var encoded = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString())]),
            IssuedAt = expires < now ? expires.AddMinutes(-1) : now,
            NotBefore = expires < now ? expires.AddMinutes(-1) : now,
            Expires = expires,
        });
        return new JsonWebToken(encoded);
    }
}
