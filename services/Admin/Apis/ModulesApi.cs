using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Admin.Audit;
using Platform.Admin.Auth;
using Platform.Admin.Modules;

namespace Platform.Admin.Apis;

public static class ModulesApi
{
    public static IEndpointRouteBuilder MapModulesApi(this IEndpointRouteBuilder app)
    {
        var modules = app.MapGroup("/api/modules").WithTags("Modules").RequireAuthorization();
        modules.MapGet("/", ListModules).WithName("ListModules").WithSummary("The modules an account can enable, with what each requires");
        modules.MapGet("/{slug}", GetModule).WithName("GetModule").WithSummary("One module");
        modules.MapPost("/", CreateModule).RequireAuthorization(AdminAuthExtensions.SuperadminPolicy)
            .WithName("CreateModule").WithSummary("Offer a new module");
        modules.MapPatch("/{slug}", UpdateModule).RequireAuthorization(AdminAuthExtensions.SuperadminPolicy)
            .WithName("UpdateModule").WithSummary("Rename, re-describe, change requirements, deactivate or reactivate a module");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<Module>>> ListModules(ModuleService modules, CancellationToken cancellationToken) =>
        TypedResults.Ok((await modules.CatalogueAsync(cancellationToken)).All);

    public static async Task<Results<Ok<Module>, ProblemHttpResult>> GetModule(string slug, ModuleService modules, CancellationToken cancellationToken) =>
        (await modules.CatalogueAsync(cancellationToken)).Find(slug) is { } module ? TypedResults.Ok(module) : OutcomeResults.NotFound("module");

    public static async Task<Results<Created<Module>, ValidationProblem, ProblemHttpResult>> CreateModule(
        CreateModuleRequest request, HttpContext http, ModuleService modules, CancellationToken cancellationToken) =>
        (await modules.CreateAsync(request, http.AuditActor(), cancellationToken)).ToCreated(module => module, module => $"/api/modules/{module.Slug}");

    public static async Task<Results<Ok<Module>, ValidationProblem, ProblemHttpResult>> UpdateModule(
        string slug, UpdateModuleRequest request, HttpContext http, ModuleService modules, CancellationToken cancellationToken) =>
        (await modules.UpdateAsync(slug, request, http.AuditActor(), cancellationToken)).ToOk(module => module);
}
