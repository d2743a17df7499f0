using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Platform.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.ServiceDefaults.Tests;

public sealed class TenantFromTokenTests : IAsyncLifetime
{
    private TestTokenIssuer tokens = null!;
    private ProbeApp probe = null!;

    public async Task InitializeAsync()
    {
        tokens = await TestTokenIssuer.StartAsync();
        probe = await ProbeApp.StartAsync(
            new Dictionary<string, string?> { ["Auth:Authority"] = tokens.Authority },
            builder => builder.AddPlatformAuthentication(),
            app => app.MapGet("/tenant", (CurrentTenant tenant) => TypedResults.Ok(tenant.Id)).RequireAuthorization());
    }

    public async Task DisposeAsync()
    {
        await probe.DisposeAsync();
        await tokens.DisposeAsync();
    }

    [Fact]
    public async Task The_tenant_comes_from_the_token_and_a_forged_header_changes_nothing()
    {
        var tenant = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tenant");
        request.Headers.Authorization = new("Bearer", tokens.Issue(tenant));
        request.Headers.Add("X-Tenant-Id", Guid.NewGuid().ToString());

        using var response = await probe.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(tenant, await response.Content.ReadFromJsonAsync<Guid>());
    }

    [Fact]
    public async Task A_token_without_a_tenant_is_a_403_problem()
    {
        using var response = await SendAsync(tokens.Issue(tenantId: null, "superadmin"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ProblemTypes.TenantRequired, await ProblemTypeAsync(response));
    }

    [Fact]
    public async Task Missing_expired_and_foreign_tokens_are_401_problems()
    {
        await using var stranger = await TestTokenIssuer.StartAsync();

        foreach (var token in new[] { null, tokens.Issue(Guid.NewGuid(), TimeSpan.FromMinutes(-5)), stranger.Issue(Guid.NewGuid()), "garbage" })
        {
            using var response = await SendAsync(token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_tampered_copy_of_a_token_already_accepted_is_still_refused()
    {
        var tenant = Guid.NewGuid();
        var token = tokens.Issue(tenant);
        using (var accepted = await SendAsync(token))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var parts = token.Split('.');
        var claims = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace(tenant.ToString(), Guid.NewGuid().ToString());
        var tampered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(claims)}.{parts[2]}";

        using var refused = await SendAsync(tampered);
        using var again = await SendAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(tenant, await again.Content.ReadFromJsonAsync<Guid>());
    }

    [Fact]
    public async Task Remembered_tokens_used_at_once_each_still_name_their_own_tenant()
    {
        var tenants = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var tokenOf = tenants.ToDictionary(tenant => tenant, tenant => tokens.Issue(tenant));

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var tenant = tenants[i % tenants.Length];
            using var response = await SendAsync(tokenOf[tenant]);
            return (tenant, answered: await response.Content.ReadFromJsonAsync<Guid>());
        }));

        Assert.All(answers, answer => Assert.Equal(answer.tenant, answer.answered));
    }

    [Fact]
    public async Task A_claims_transformation_beside_remembered_tokens_stops_the_start()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ProbeApp.StartAsync(
            new Dictionary<string, string?> { ["Auth:Authority"] = tokens.Authority },
            builder =>
            {
                builder.AddPlatformAuthentication();
                builder.Services.AddTransient<IClaimsTransformation, AddsAClaim>();
            }));

        Assert.Contains(nameof(AddsAClaim), failure.Message);
    }

    [Fact]
    public async Task A_service_without_a_token_authority_refuses_to_start_naming_the_setting()
    {
        var failure = await Assert.ThrowsAsync<MissingConfigurationException>(() => ProbeApp.StartAsync(
            new Dictionary<string, string?> { ["Auth:Authority"] = null, ["services:admin-api:http:0"] = null },
            builder => builder.AddPlatformAuthentication()));

        Assert.Contains("Auth__Authority", failure.Message);
    }

    private async Task<HttpResponseMessage> SendAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tenant");
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await probe.Client.SendAsync(request);
    }

    private sealed class AddsAClaim : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("seen", "yes"));
            return Task.FromResult(principal);
        }
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString();
}
