using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Search.Querying;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Search.Apis;

public static class SearchApi
{
    public const int MaxSuggestions = 20;
    public const int MaxPrefixLength = 50;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var search = app.MapGroup("/api/search").WithTags("Search").RequireAuthorization();
        search.MapGet("/products", SearchProducts)
            .WithName("SearchProducts")
            .WithSummary("Full-text search over the tenant's products, with filters, facets and highlighted snippets")
            .WithDescription("q is typo-tolerant, accent- and case-insensitive, with Portuguese stemming; name weighs 3, tags 2, " +
                "description 1. sort: relevance (then popularity), price, -price, newest. Only the first 10,000 results can be paged.");
        search.MapGet("/suggest", Suggest)
            .WithName("SuggestProducts")
            .WithSummary("Product names for a search box as the user types (prefix, typo-tolerant)");
        return app;
    }

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchProducts(
        CurrentTenant tenant,
        [AsParameters] SearchParameters parameters,
        IProductSearch search,
        CancellationToken cancellationToken)
    {
        if (!ProductQuery.TryCreate(parameters, out var query, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The search query is not valid.", type: ProblemTypes.Validation);
        }

        var result = await search.SearchAsync(tenant.Id, query, cancellationToken);
        return TypedResults.Ok(new SearchResponse(query.Text, query.Page, query.PageSize, result.Total, result.Hits, result.Facets));
    }

    public static async Task<Results<Ok<SuggestResponse>, ValidationProblem>> Suggest(
        CurrentTenant tenant,
        string? prefix,
        int? limit,
        IProductSearch search,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmed = prefix?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxPrefixLength)
        {
            errors["prefix"] = [$"A prefix of 1 to {MaxPrefixLength} characters is required."];
        }

        if (limit is < 1 or > MaxSuggestions)
        {
            errors["limit"] = [$"The limit is between 1 and {MaxSuggestions}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The suggestion request is not valid.", type: ProblemTypes.Validation);
        }

        var suggestions = await search.SuggestAsync(tenant.Id, trimmed!, limit ?? 8, cancellationToken);
        return TypedResults.Ok(new SuggestResponse(trimmed!, suggestions));
    }
}

public sealed record SearchResponse(
    string? Query, int Page, int PageSize, long Total, IReadOnlyList<ProductHit> Hits, SearchFacets Facets);

public sealed record SuggestResponse(string Prefix, IReadOnlyList<Suggestion> Suggestions);
