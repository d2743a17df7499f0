using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Catalog.Auth;
using Platform.Catalog.Products;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Catalog.Apis;

public static class ProductsApi
{
    /// <summary>A product's body at its largest (specifications, description, images, tags) with room to spare.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/products").WithTags("Products").RequireAuthorization().RequireRateLimit();

        products.MapPost("/", CreateProduct)
            .RequireAuthorization(CatalogRoles.WritePolicy)
            .WithMetadata(new BodySizeLimit(MaxBodyBytes))
            .WithName("CreateProduct")
            .WithSummary("Add a product to the tenant's catalog (owners and admins)")
            .WithDescription("Stores the product and publishes ProductCreated for Search and the other services. " +
                "Refused with a plan-limit problem when the shop already has its plan's max_products.");

        products.MapGet("/", ListProducts)
            .WithName("ListProducts")
            .WithSummary("A page of the tenant's products, filtered and sorted")
            .WithDescription("Filters: categoryId (with its subcategories), active, tag, minPriceCents/maxPriceCents, q (name contains, " +
                "ignoring case and accents). sort: name, price or createdAt, '-' first for descending (default -createdAt); ties in id order. " +
                $"page from 1, pageSize 1 to {ProductQuery.MaxPageSize} (default {ProductQuery.DefaultPageSize}); total counts every match.");

        products.MapGet("/{productId:guid}", GetProduct)
            .WithName("GetProduct")
            .WithSummary("Read one of the tenant's products; its ETag is its version");

        products.MapPatch("/{productId:guid}", UpdateProduct)
            .RequireAuthorization(CatalogRoles.WritePolicy)
            .WithMetadata(new BodySizeLimit(MaxBodyBytes))
            .WithName("UpdateProduct")
            .WithSummary("Change some of a product's fields, a JSON merge patch (owners and admins)")
            .WithDescription("If-Match with the product's ETag refuses a lost update with a 412. Publishes ProductUpdated, and " +
                "ProductPriceChanged when the price changes.");

        products.MapDelete("/{productId:guid}", DeleteProduct)
            .RequireAuthorization(CatalogRoles.WritePolicy)
            .WithName("DeleteProduct")
            .WithSummary("Remove a product (owners and admins); publishes ProductDeleted")
            .WithDescription("The product is kept, marked deleted: every endpoint answers 404 for it and it no longer counts " +
                "towards max_products. If-Match with the product's ETag is honoured.");

        return app;
    }

    public static async Task<Results<Created<ProductResponse>, ValidationProblem, ProblemHttpResult>> CreateProduct(
        CurrentTenant tenant,
        CreateProductRequest request,
        HttpResponse response,
        ProductService products,
        CancellationToken cancellationToken)
    {
        if (!NewProduct.TryCreate(request, tenant.Id, out var draft, out var errors))
        {
            return OutcomeResults.Invalid(errors, "The product is not valid.");
        }

        var outcome = await products.CreateAsync(tenant.Id, draft, cancellationToken);
        switch (outcome)
        {
            case Outcome<Product>.Success(var product):
                response.Headers.ETag = IfMatch.ETag(product.Version);
                return TypedResults.Created($"/api/products/{product.Id}", ProductResponse.From(product));
            case Outcome<Product>.Invalid(var invalid):
                return OutcomeResults.Invalid(invalid, "The product is not valid.");
            default:
                return OutcomeResults.Problem(outcome, "product");
        }
    }

    public static async Task<Results<Ok<ProductPageResponse>, ValidationProblem>> ListProducts(
        CurrentTenant tenant,
        ProductService products,
        CancellationToken cancellationToken,
        int? page = null,
        int? pageSize = null,
        Guid? categoryId = null,
        bool? active = null,
        string? tag = null,
        long? minPriceCents = null,
        long? maxPriceCents = null,
        string? q = null,
        string? sort = null)
    {
        if (!ProductQuery.TryCreate(page, pageSize, categoryId, active, tag, minPriceCents, maxPriceCents, q, sort, out var query, out var errors))
        {
            return OutcomeResults.Invalid(errors, "The product query is not valid.");
        }

        var found = await products.ListAsync(tenant.Id, query, cancellationToken);
        return TypedResults.Ok(new ProductPageResponse(found.Items.Select(ProductResponse.From).ToList(), query.Page, query.PageSize, found.Total));
    }

    public static async ValueTask<Results<JsonBody<ProductResponse>, ProblemHttpResult>> GetProduct(
        CurrentTenant tenant,
        Guid productId,
        HttpResponse response,
        ProductService products,
        ProductBodies bodies,
        CancellationToken cancellationToken)
    {
        var product = await products.FindAsync(tenant.Id, productId, cancellationToken);
        if (product is null)
        {
            return OutcomeResults.NotFound("product");
        }

        var body = bodies.Of(product);
        response.Headers.ETag = body.ETag;
        return body.Result;
    }

    public static async Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult>> UpdateProduct(
        CurrentTenant tenant,
        Guid productId,
        JsonElement patch,
        HttpContext http,
        ProductService products,
        CancellationToken cancellationToken)
    {
        if (!IfMatch.TryParse(http.Request.Headers.IfMatch, out var ifMatch))
        {
            return OutcomeResults.InvalidIfMatch();
        }

        if (!ProductChanges.TryRead(patch, tenant.Id, out var changes, out var errors))
        {
            return OutcomeResults.Invalid(errors, "The change is not valid.");
        }

        var outcome = await products.UpdateAsync(tenant.Id, productId, changes, ifMatch, cancellationToken);
        switch (outcome)
        {
            case Outcome<Product>.Success(var product):
                http.Response.Headers.ETag = IfMatch.ETag(product.Version);
                return TypedResults.Ok(ProductResponse.From(product));
            case Outcome<Product>.Invalid(var invalid):
                return OutcomeResults.Invalid(invalid, "The change is not valid.");
            default:
                return OutcomeResults.Problem(outcome, "product");
        }
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteProduct(
        CurrentTenant tenant,
        Guid productId,
        HttpContext http,
        ProductService products,
        CancellationToken cancellationToken)
    {
        if (!IfMatch.TryParse(http.Request.Headers.IfMatch, out var ifMatch))
        {
            return OutcomeResults.InvalidIfMatch();
        }

        var outcome = await products.DeleteAsync(tenant.Id, productId, ifMatch, cancellationToken);
        return outcome is Outcome<Product>.Success ? TypedResults.NoContent() : OutcomeResults.Problem(outcome, "product");
    }
}
