using Microsoft.AspNetCore.Http.HttpResults;
using System.Net.Http.Headers;
using Platform.Search.Reindexing;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Search.Apis;

public static class ReindexApi
{
    public static IEndpointRouteBuilder MapReindexApi(this IEndpointRouteBuilder app)
    {
        var reindex = app.MapGroup("/api/search/reindex").WithTags("Search")
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole("owner", "admin"));
        reindex.MapPost("/", Start)
            .WithName("StartReindex")
            .WithSummary("Rebuild the shop's index from Catalog, without a search outage (owners and admins)")
            .WithDescription("Reads every product from Catalog with the caller's token, stages them, then switches them in at once. " +
                "While a rebuild runs, another request answers that same rebuild.");
        reindex.MapGet("/", Progress).WithName("ReindexProgress").WithSummary("Progress of the shop's latest rebuild");
        return app;
    }

    public static Accepted<ReindexProgress> Start(CurrentTenant tenant, HttpRequest request, ReindexJobs jobs)
    {
        // The token already passed validation (it authenticated this request); Catalog checks it again when Search reads with it.
        var token = AuthenticationHeaderValue.Parse(request.Headers.Authorization.ToString()).Parameter!;
        var (progress, _) = jobs.Start(tenant.Id, token);
        return TypedResults.Accepted("/api/search/reindex", progress);
    }

    public static Results<Ok<ReindexProgress>, ProblemHttpResult> Progress(CurrentTenant tenant, ReindexJobs jobs) =>
        jobs.Find(tenant.Id) is { } progress
            ? TypedResults.Ok(progress)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "No rebuild of this shop's index yet");
}
