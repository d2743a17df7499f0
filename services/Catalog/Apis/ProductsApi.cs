using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Catalog.Products;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Catalog.Apis;

public static class ProductsApi
{
    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/products").WithTags("Products").RequireAuthorization().RequireRateLimit();

        products.MapPost("/", CreateProduct)
            .WithName("CreateProduct")
            .WithSummary("Add a product to the tenant's catalog")
            .WithDescription("Stores the product and publishes ProductCreated for Search and the other services. " +
                "Refused with a plan-limit problem when the shop already has its plan's max_products.");

        products.MapGet("/{productId:guid}", GetProduct)
            .WithName("GetProduct")
            .WithSummary("Read one of the tenant's products");

        return app;
    }

    public static async Task<Results<Created<ProductResponse>, ValidationProblem, ProblemHttpResult>> CreateProduct(
        CurrentTenant tenant,
        CreateProductRequest request,
        ProductService products,
        CancellationToken cancellationToken)
    {
        if (!NewProduct.TryCreate(request, out var draft, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The product is not valid.", type: ProblemTypes.Validation);
        }

        return await products.CreateAsync(tenant.Id, draft, cancellationToken) switch
        {
            CreateProductOutcome.Created(var product) => TypedResults.Created($"/api/products/{product.Id}", ProductResponse.From(product)),
            CreateProductOutcome.LimitReached(var max) => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                type: ProblemTypes.PlanLimit,
                title: "The plan's product limit is reached.",
                detail: $"The shop's plan allows {max} products (max_products); remove one or move to a larger plan.",
                extensions: new Dictionary<string, object?> { ["limit"] = "max_products", ["value"] = max }),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
        };
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetProduct(
        CurrentTenant tenant,
        Guid productId,
        ProductService products,
        CancellationToken cancellationToken)
    {
        var product = await products.FindAsync(tenant.Id, productId, cancellationToken);
        return product is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "No such product.")
            : TypedResults.Ok(ProductResponse.From(product));
    }
}
