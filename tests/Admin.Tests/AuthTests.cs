using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Admin.Apis;
using Platform.ServiceDefaults.Http;

namespace Platform.Admin.Tests;

public sealed class AuthTests : IAsyncLifetime
{
    private const string Password = "uma senha bem longa";
    private readonly AdminFixture admin = new();
    private Guid accountId;
    private string email = null!;

    public async Task InitializeAsync()
    {
        admin.Settings["Auth:LoginAttemptsPerMinutePerEmail"] = "8";
        await admin.InitializeAsync();
        accountId = (await admin.CreateAccountAsync(await admin.CreatePlanAsync())).Id;
        email = $"dona-{Guid.NewGuid():N}@loja.com.br";
        using var created = await admin.Client.PostAsJsonAsync($"/api/accounts/{accountId}/users",
            new { email, name = "Dona", cpf = AdminFixture.NewCpf(), password = Password, roles = new[] { "owner" } });
        created.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => admin.DisposeAsync();

    [Fact]
    public async Task A_token_carries_user_tenant_and_roles_and_validates_against_the_published_keys_alone()
    {
        var tokens = await admin.LoginAsync(email.ToUpperInvariant(), Password);

        Assert.Equal("Bearer", tokens.TokenType);
        Assert.InRange(tokens.ExpiresIn, 500, 600);
        using var anonymous = admin.AnonymousClient();
        var discovery = JsonDocument.Parse(await anonymous.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        var jwks = new JsonWebKeySet(await anonymous.GetStringAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!).PathAndQuery));
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(tokens.AccessToken, new TokenValidationParameters
        {
            ValidIssuer = discovery.GetProperty("issuer").GetString(),
            ValidAudience = "platform",
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });

        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.Equal(accountId.ToString(), validation.Claims["tenant_id"]);
        using var me = admin.ClientWithToken(tokens.AccessToken);
        var caller = JsonDocument.Parse(await me.GetStringAsync("/api/auth/me")).RootElement;
        Assert.Equal(accountId, caller.GetProperty("accountId").GetGuid());
        Assert.Equal(["owner"], caller.GetProperty("roles").EnumerateArray().Select(role => role.GetString()));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_are_the_same_401_problem()
    {
        using var client = admin.AnonymousClient();

        using var wrongPassword = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "not the password" });
        using var unknownEmail = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@loja.com.br", password = Password });

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownEmail.StatusCode);
        var first = JsonDocument.Parse(await wrongPassword.Content.ReadAsStringAsync()).RootElement;
        var second = JsonDocument.Parse(await unknownEmail.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ProblemTypes.Unauthorized, first.GetProperty("type").GetString());
        Assert.Equal(first.GetProperty("detail").GetString(), second.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_locked_user_gets_the_same_answer_as_a_wrong_password_and_more_attempts_do_not_extend_the_lock()
    {
        using var client = admin.AnonymousClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await client.PostAsJsonAsync("/api/auth/login", new { email, password = $"wrong password {i}" });
            statuses.Add(failed.StatusCode);
        }

        var lockedUntil = await LockedUntilAsync();
        using var right = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        using var wrongAgain = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "yet another wrong one" });
        using var unknown = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@loja.com.br", password = Password });

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses);
        Assert.NotNull(lockedUntil);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(await ProblemWithoutTraceAsync(unknown), await ProblemWithoutTraceAsync(right));
        Assert.Equal(await ProblemWithoutTraceAsync(unknown), await ProblemWithoutTraceAsync(wrongAgain));
        Assert.Equal(lockedUntil, await LockedUntilAsync());
    }

    [Fact]
    public async Task Login_attempts_beyond_the_per_email_window_are_a_429_with_retry_after()
    {
        using var client = admin.AnonymousClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 9; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "ghost@loja.com.br", password = "still wrong password" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 8), HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"email\":\"not-an-email\",\"password\":\"x\"}")]
    [InlineData("{\"email\":\"a@b.com\"}")]
    public async Task Login_without_credentials_is_a_400_problem(string body)
    {
        using var client = admin.AnonymousClient();

        using var response = await client.PostAsync("/api/auth/login", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Tampered_expired_foreign_and_missing_tokens_are_401_problems()
    {
        var tokens = await admin.LoginAsync(email, Password);
        var parts = tokens.AccessToken.Split('.');
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1])).RootElement;
        var forged = Base64UrlEncoder.Encode(payload.GetRawText().Replace("\"owner\"", "\"superadmin\""));
        var tampered = $"{parts[0]}.{forged}.{parts[2]}";
        var storedKey = await StoredSigningKeyAsync();
        var expired = Sign(storedKey, DateTime.UtcNow.AddMinutes(-10), DateTime.UtcNow.AddMinutes(-2));
        var foreign = Sign(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = storedKey.KeyId }, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5));

        foreach (var token in new[] { tampered, expired, foreign, "not.a.token" })
        {
            using var client = admin.ClientWithToken(token);
            using var response = await client.GetAsync("/api/auth/me");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var anonymous = admin.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/accounts/{accountId}")).StatusCode);
        using var valid = admin.ClientWithToken(Sign(storedKey, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5)));
        Assert.Equal(HttpStatusCode.OK, (await valid.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_replayed_within_the_grace_window_is_a_409_that_leaves_the_session_alone()
    {
        var first = await admin.LoginAsync(email, Password);
        using var client = admin.AnonymousClient();

        var second = await RefreshAsync(client, first.RefreshToken, HttpStatusCode.OK);
        await RefreshAsync(client, first.RefreshToken, HttpStatusCode.Conflict);

        var third = await RefreshAsync(client, second!.RefreshToken, HttpStatusCode.OK);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.NotNull(third);
    }

    [Fact]
    public async Task Concurrent_refreshes_of_one_token_rotate_it_once_and_revoke_nothing()
    {
        var first = await admin.LoginAsync(email, Password);
        using var client = admin.AnonymousClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken })));

        var winner = Assert.Single(responses, response => response.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(response => response != winner), response => Assert.Equal(HttpStatusCode.Conflict, response.StatusCode));
        var rotated = (await winner.Content.ReadFromJsonAsync<TokenResponse>())!;
        await RefreshAsync(client, rotated.RefreshToken, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_rotated_token_replayed_after_the_grace_window_revokes_the_whole_family()
    {
        var first = await admin.LoginAsync(email, Password);
        using var client = admin.AnonymousClient();
        var second = await RefreshAsync(client, first.RefreshToken, HttpStatusCode.OK);
        await ExecuteAsync("UPDATE admin.user_sessions SET revoked_at = revoked_at - interval '1 minute' WHERE revoked_at IS NOT NULL");

        await RefreshAsync(client, first.RefreshToken, HttpStatusCode.Unauthorized);

        // The replay above means the first token was copied: the legitimate successor is revoked too.
        await RefreshAsync(client, second!.RefreshToken, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_sessions_refresh_tokens_end_a_fixed_time_after_login_however_often_refreshed()
    {
        var aging = await admin.LoginAsync(email, Password);
        var expired = await admin.LoginAsync(email, Password);
        using var client = admin.AnonymousClient();
        await ExecuteAsync($"UPDATE admin.user_sessions SET family_created_at = now() - interval '29 days' WHERE token_hash = sha256('{aging.RefreshToken}'::bytea)");
        await ExecuteAsync($"UPDATE admin.user_sessions SET family_created_at = now() - interval '31 days' WHERE token_hash = sha256('{expired.RefreshToken}'::bytea)");

        var renewed = await RefreshAsync(client, aging.RefreshToken, HttpStatusCode.OK);
        await RefreshAsync(client, expired.RefreshToken, HttpStatusCode.Unauthorized);

        // The renewed token lives until its family's end (about a day), not another 30 days.
        Assert.Equal(1, await admin.CountAsync($"""
            SELECT count(*) FROM admin.user_sessions
            WHERE token_hash = sha256('{renewed!.RefreshToken}'::bytea) AND expires_at = family_created_at + interval '30 days'
            """));
    }

    [Fact]
    public async Task Logout_revokes_one_session_and_logout_everywhere_revokes_all()
    {
        var laptop = await admin.LoginAsync(email, Password);
        var phone = await admin.LoginAsync(email, Password);
        var tablet = await admin.LoginAsync(email, Password);
        using var client = admin.AnonymousClient();

        (await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = laptop.RefreshToken })).EnsureSuccessStatusCode();
        await RefreshAsync(client, laptop.RefreshToken, HttpStatusCode.Unauthorized);
        var phoneRenewed = await RefreshAsync(client, phone.RefreshToken, HttpStatusCode.OK);

        using var signedIn = admin.ClientWithToken(tablet.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await signedIn.PostAsync("/api/auth/logout-all", null)).StatusCode);
        await RefreshAsync(client, phoneRenewed!.RefreshToken, HttpStatusCode.Unauthorized);
        await RefreshAsync(client, tablet.RefreshToken, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Users_of_a_suspended_account_can_neither_log_in_nor_refresh()
    {
        var before = await admin.LoginAsync(email, Password);
        (await admin.Client.PostAsync($"/api/accounts/{accountId}/suspend", null)).EnsureSuccessStatusCode();
        using var client = admin.AnonymousClient();

        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });

        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        await RefreshAsync(client, before.RefreshToken, HttpStatusCode.Unauthorized);
    }

    private static async Task<TokenResponse?> RefreshAsync(HttpClient client, string refreshToken, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        Assert.Equal(expected, response.StatusCode);
        return expected == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<TokenResponse>() : null;
    }

    private async Task<DateTimeOffset?> LockedUntilAsync()
    {
        await using var command = admin.Database.CreateCommand("SELECT locked_until FROM admin.users WHERE email = $1");
        command.Parameters.Add(new() { Value = email });
        return await command.ExecuteScalarAsync() is DateTime value ? new DateTimeOffset(value, TimeSpan.Zero) : null;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = admin.Database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The problem's fields other than those naming this very request.</summary>
    private static async Task<string> ProblemWithoutTraceAsync(HttpResponseMessage response)
    {
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        problem.Remove("traceId");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {problem.ToJsonString()}";
    }

    private async Task<ECDsaSecurityKey> StoredSigningKeyAsync()
    {
        await using var command = admin.Database.CreateCommand("SELECT kid, private_key FROM admin.signing_keys");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(reader.GetFieldValue<byte[]>(1), out _);
        return new ECDsaSecurityKey(ecdsa) { KeyId = reader.GetString(0) };
    }

    private string Sign(ECDsaSecurityKey key, DateTime notBefore, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "platform-admin",
        Audience = "platform",
        NotBefore = notBefore,
        IssuedAt = notBefore,
        Expires = expires,
        Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString(), ["roles"] = new[] { "owner" }, ["tenant_id"] = accountId.ToString() },
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
    });
}
