using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Catalog.Auth;
using Platform.Catalog.Categories;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Catalog.Apis;

public static class CategoriesApi
{
    private const long MaxBodyBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapCategoriesApi(this IEndpointRouteBuilder app)
    {
        var categories = app.MapGroup("/api/categories").WithTags("Categories").RequireAuthorization().RequireRateLimit();

        categories.MapPost("/", CreateCategory)
            .RequireAuthorization(CatalogRoles.WritePolicy)
            .WithMetadata(new BodySizeLimit(MaxBodyBytes))
            .WithName("CreateCategory")
            .WithSummary("Add a category (owners and admins); the slug is derived from the name unless given")
            .WithDescription("Slugs are unique in the shop (409 when taken); a parent must be one of the shop's categories. Publishes CategoryCreated.");

        categories.MapGet("/", ListCategories)
            .WithName("ListCategories")
            .WithSummary("Every category of the tenant, in slug order; parentId draws the tree");

        categories.MapGet("/{categoryId:guid}", GetCategory)
            .WithName("GetCategory")
            .WithSummary("Read one of the tenant's categories; its ETag is its version");

        categories.MapPatch("/{categoryId:guid}", UpdateCategory)
            .RequireAuthorization(CatalogRoles.WritePolicy)
            .WithMetadata(new BodySizeLimit(MaxBodyBytes))
            .WithName("UpdateCategory")
            .WithSummary("Rename or move a category, a JSON merge patch (owners and admins)")
            .WithDescription("parentId null makes it top-level; a category cannot move under itself or its subcategories. " +
                "If-Match with the category's ETag refuses a lost update with a 412. Publishes CategoryUpdated.");

        categories.MapDelete("/{categoryId:guid}", DeleteCategory)
            .RequireAuthorization(CatalogRoles.WritePolicy)
            .WithName("DeleteCategory")
            .WithSummary("Remove a category no product or subcategory uses (owners and admins)")
            .WithDescription("A category still used by a product that is not deleted, or by a subcategory, is a 409 problem and stays: " +
                "products are never left without the category their shop chose. Publishes CategoryDeleted.");

        return app;
    }

    public static async Task<Results<Created<CategoryResponse>, ValidationProblem, ProblemHttpResult>> CreateCategory(
        CurrentTenant tenant, CreateCategoryRequest request, HttpResponse response, CategoryService categories, CancellationToken cancellationToken)
    {
        if (!NewCategory.TryCreate(request, out var draft, out var errors))
        {
            return OutcomeResults.Invalid(errors, "The category is not valid.");
        }

        var outcome = await categories.CreateAsync(tenant.Id, draft, cancellationToken);
        switch (outcome)
        {
            case Outcome<Category>.Success(var category):
                response.Headers.ETag = IfMatch.ETag(category.Version);
                return TypedResults.Created($"/api/categories/{category.Id}", CategoryResponse.From(category));
            case Outcome<Category>.Invalid(var invalid):
                return OutcomeResults.Invalid(invalid, "The category is not valid.");
            default:
                return OutcomeResults.Problem(outcome, "category");
        }
    }

    public static async Task<Ok<List<CategoryResponse>>> ListCategories(CurrentTenant tenant, CategoryService categories, CancellationToken cancellationToken) =>
        TypedResults.Ok((await categories.ListAsync(tenant.Id, cancellationToken)).Select(CategoryResponse.From).ToList());

    public static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> GetCategory(
        CurrentTenant tenant, Guid categoryId, HttpResponse response, CategoryService categories, CancellationToken cancellationToken)
    {
        var category = await categories.FindAsync(tenant.Id, categoryId, cancellationToken);
        if (category is null)
        {
            return OutcomeResults.NotFound("category");
        }

        response.Headers.ETag = IfMatch.ETag(category.Version);
        return TypedResults.Ok(CategoryResponse.From(category));
    }

    public static async Task<Results<Ok<CategoryResponse>, ValidationProblem, ProblemHttpResult>> UpdateCategory(
        CurrentTenant tenant, Guid categoryId, JsonElement patch, HttpContext http, CategoryService categories, CancellationToken cancellationToken)
    {
        if (!IfMatch.TryParse(http.Request.Headers.IfMatch, out var ifMatch))
        {
            return OutcomeResults.InvalidIfMatch();
        }

        if (!CategoryChanges.TryRead(patch, out var changes, out var errors))
        {
            return OutcomeResults.Invalid(errors, "The change is not valid.");
        }

        var outcome = await categories.UpdateAsync(tenant.Id, categoryId, changes, ifMatch, cancellationToken);
        switch (outcome)
        {
            case Outcome<Category>.Success(var category):
                http.Response.Headers.ETag = IfMatch.ETag(category.Version);
                return TypedResults.Ok(CategoryResponse.From(category));
            case Outcome<Category>.Invalid(var invalid):
                return OutcomeResults.Invalid(invalid, "The change is not valid.");
            default:
                return OutcomeResults.Problem(outcome, "category");
        }
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteCategory(
        CurrentTenant tenant, Guid categoryId, HttpContext http, CategoryService categories, CancellationToken cancellationToken)
    {
        if (!IfMatch.TryParse(http.Request.Headers.IfMatch, out var ifMatch))
        {
            return OutcomeResults.InvalidIfMatch();
        }

        var outcome = await categories.DeleteAsync(tenant.Id, categoryId, ifMatch, cancellationToken);
        return outcome is Outcome<Category>.Success ? TypedResults.NoContent() : OutcomeResults.Problem(outcome, "category");
    }
}
