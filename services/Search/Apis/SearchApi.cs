using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Search.Indexing;
using Platform.Search.Querying;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Search.Apis;

public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/search").WithTags("Search").RequireAuthorization()
            .MapGet("/products", SearchProducts)
            .WithName("SearchProducts")
            .WithSummary("Full-text search over the tenant's products");
        return app;
    }

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchProducts(
        CurrentTenant tenant,
        string? q,
        int? limit,
        IProductIndex index,
        CancellationToken cancellationToken)
    {
        if (!ProductQuery.TryCreate(q, limit, out var query, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The search query is not valid.", type: ProblemTypes.Validation);
        }

        var hits = await index.SearchAsync(tenant.Id, query, cancellationToken);
        return TypedResults.Ok(new SearchResponse(query.Text, hits));
    }
}

public sealed record SearchResponse(string Query, IReadOnlyList<ProductHit> Hits);
