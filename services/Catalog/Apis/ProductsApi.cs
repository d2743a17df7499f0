using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Catalog.Products;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Catalog.Apis;

public static class ProductsApi
{
    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/products").WithTags("Products").RequireAuthorization();

        products.MapPost("/", CreateProduct)
            .WithName("CreateProduct")
            .WithSummary("Add a product to the tenant's catalog")
            .WithDescription("Stores the product and publishes ProductCreated for Search and the other services.");

        products.MapGet("/{productId:guid}", GetProduct)
            .WithName("GetProduct")
            .WithSummary("Read one of the tenant's products");

        return app;
    }

    public static async Task<Results<Created<ProductResponse>, ValidationProblem>> CreateProduct(
        CurrentTenant tenant,
        CreateProductRequest request,
        ProductService products,
        CancellationToken cancellationToken)
    {
        if (!NewProduct.TryCreate(request, out var draft, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The product is not valid.", type: ProblemTypes.Validation);
        }

        var product = await products.CreateAsync(tenant.Id, draft, cancellationToken);
        return TypedResults.Created($"/api/products/{product.Id}", ProductResponse.From(product));
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
