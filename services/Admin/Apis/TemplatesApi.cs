using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Admin.Audit;
using Platform.Admin.Auth;
using Platform.Admin.Templates;

namespace Platform.Admin.Apis;

public static class TemplatesApi
{
    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/shop-templates").WithTags("Shop templates").RequireAuthorization();
        templates.MapGet("/", ListTemplates).WithName("ListShopTemplates").WithSummary("Templates a new shop can start from (operators also see inactive ones)");
        templates.MapGet("/{slug}", GetTemplate).WithName("GetShopTemplate").WithSummary("One template");
        templates.MapPost("/", CreateTemplate).RequireAuthorization(AdminAuthExtensions.SuperadminPolicy)
            .WithName("CreateShopTemplate").WithSummary("Offer a template: modules, their settings, sample categories");
        templates.MapPatch("/{slug}", UpdateTemplate).RequireAuthorization(AdminAuthExtensions.SuperadminPolicy)
            .WithName("UpdateShopTemplate").WithSummary("Change a template or deactivate it; accounts opened from it keep what they got");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ShopTemplate>>> ListTemplates(
        ClaimsPrincipal principal, TemplateService templates, CancellationToken cancellationToken) =>
        TypedResults.Ok(await templates.ListAsync(Caller.From(principal), cancellationToken));

    public static async Task<Results<Ok<ShopTemplate>, ProblemHttpResult>> GetTemplate(
        string slug, ClaimsPrincipal principal, TemplateService templates, CancellationToken cancellationToken) =>
        await templates.FindAsync(Caller.From(principal), slug, cancellationToken) is { } template
            ? TypedResults.Ok(template)
            : OutcomeResults.NotFound("shop template");

    public static async Task<Results<Created<ShopTemplate>, ValidationProblem, ProblemHttpResult>> CreateTemplate(
        CreateTemplateRequest request, HttpContext http, TemplateService templates, CancellationToken cancellationToken) =>
        (await templates.CreateAsync(request, http.AuditActor(), cancellationToken))
            .ToCreated(template => template, template => $"/api/shop-templates/{template.Slug}");

    public static async Task<Results<Ok<ShopTemplate>, ValidationProblem, ProblemHttpResult>> UpdateTemplate(
        string slug, UpdateTemplateRequest request, HttpContext http, TemplateService templates, CancellationToken cancellationToken) =>
        (await templates.UpdateAsync(slug, request, http.AuditActor(), cancellationToken)).ToOk(template => template);
}
