using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Admin.Audit;
using Platform.Admin.Auth;
using Platform.Admin.Settings;
using Platform.ServiceDefaults.Http;

namespace Platform.Admin.Apis;

public sealed record SettingResponse(string Module, string Key, JsonElement Value, long Version, Guid? UpdatedBy, DateTimeOffset UpdatedAt)
{
    public static SettingResponse From(AccountSetting setting) =>
        new(setting.Module, setting.Key, setting.Value, setting.Version, setting.UpdatedBy, setting.UpdatedAt);
}

public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("/api/accounts/{accountId:guid}/settings").WithTags("Settings").RequireAuthorization();
        settings.MapGet("/", (Guid accountId, ClaimsPrincipal principal, SettingsService service, CancellationToken ct) =>
                ListSettings(accountId, null, principal, service, ct))
            .WithName("ListSettings").WithSummary("The account's settings of every enabled module");
        settings.MapGet("/{module}", ListSettings).WithName("ListModuleSettings").WithSummary("The account's settings of one enabled module");
        settings.MapPut("/{module}/{key}", PutSetting).WithName("PutSetting")
            .WithSummary("Set one key (owners and admins); If-Match with the setting's ETag refuses a lost update");
        settings.MapDelete("/{module}/{key}", DeleteSetting).WithName("DeleteSetting").WithSummary("Remove one key (owners and admins)");
        return app;
    }

    public static async Task<Results<Ok<List<SettingResponse>>, ValidationProblem, ProblemHttpResult>> ListSettings(
        Guid accountId, string? module, ClaimsPrincipal principal, SettingsService service, CancellationToken cancellationToken) =>
        (await service.ListAsync(Caller.From(principal), accountId, module, cancellationToken)).ToOk(list => list.Select(SettingResponse.From).ToList());

    public static async Task<Results<Ok<SettingResponse>, ValidationProblem, ProblemHttpResult>> PutSetting(
        Guid accountId, string module, string key, PutSettingRequest request, HttpContext http, SettingsService service, CancellationToken cancellationToken)
    {
        if (!IfMatch.TryParse(http.Request.Headers.IfMatch, out var ifMatch))
        {
            return InvalidIfMatch();
        }

        var outcome = await service.PutAsync(Caller.From(http.User), http.AuditActor(), accountId, module, key, request, ifMatch, cancellationToken);
        if (outcome is Outcome<AccountSetting>.Success(var stored))
        {
            http.Response.Headers.ETag = IfMatch.ETag(stored.Version);
        }

        return outcome.ToOk(SettingResponse.From);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteSetting(
        Guid accountId, string module, string key, HttpContext http, SettingsService service, CancellationToken cancellationToken)
    {
        if (!IfMatch.TryParse(http.Request.Headers.IfMatch, out var ifMatch))
        {
            return InvalidIfMatch();
        }

        return await service.DeleteAsync(Caller.From(http.User), http.AuditActor(), accountId, module, key, ifMatch, cancellationToken) switch
        {
            Outcome<AccountSetting>.Success => TypedResults.NoContent(),
            Outcome<AccountSetting>.Invalid(var errors) => OutcomeResults.Invalid(errors),
            var failure => OutcomeResults.Problem(failure),
        };
    }

    private static ValidationProblem InvalidIfMatch() =>
        OutcomeResults.Invalid(new() { ["If-Match"] = ["If-Match is * or a setting's ETag, such as \"3\"."] });
}
