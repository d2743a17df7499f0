using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Catalog.Auth;
using Platform.Catalog.Files;
using Platform.Catalog.Products;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Catalog.Apis;

public static class ProductImagesApi
{
    /// <summary>The bodies are a content type and a size, or a key: small.</summary>
    public const long MaxBodyBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapProductImagesApi(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/api/products/{productId:guid}/images").WithTags("Products")
            .RequireAuthorization(CatalogRoles.WritePolicy).RequireRateLimit().WithMetadata(new BodySizeLimit(MaxBodyBytes));

        images.MapPost("/uploads", IssueUpload)
            .WithName("IssueProductImageUpload")
            .WithSummary("A presigned URL to upload one image of the product straight to storage (owners and admins)")
            .WithDescription($"image/jpeg, image/png or image/webp, at most {UploadKind.ProductImage.MaxBytes} bytes. The key is under " +
                "tenants/{tenantId}/products/{productId}/; PUT the file with the headers given within 10 minutes, then confirm the key.");

        images.MapPost("/confirm", Confirm)
            .WithName("ConfirmProductImage")
            .WithSummary("Add an uploaded image to the product (owners and admins)")
            .WithDescription("The object must be there, of the type and within the size it was issued for; the product's images gain " +
                "the key, its version moves on and ProductUpdated is published. Confirming a key twice changes nothing.");
        return app;
    }

    public static async Task<Results<Ok<UploadResponse>, ValidationProblem, ProblemHttpResult>> IssueUpload(
        CurrentTenant tenant, Guid productId, UploadRequest request, ProductImageService images, CancellationToken cancellationToken) =>
        await images.IssueUploadAsync(tenant.Id, productId, request, cancellationToken) switch
        {
            Outcome<IssuedUpload>.Success(var issued) => TypedResults.Ok(UploadResponse.From(issued)),
            Outcome<IssuedUpload>.Invalid(var errors) => OutcomeResults.Invalid(errors, "The upload is not acceptable."),
            var other => OutcomeResults.Problem(other, "product"),
        };

    public static async Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult>> Confirm(
        CurrentTenant tenant, Guid productId, ConfirmImageRequest request, HttpResponse response, ProductImageService images, CancellationToken cancellationToken)
    {
        switch (await images.ConfirmAsync(tenant.Id, productId, request.Key, cancellationToken))
        {
            case Outcome<Product>.Success(var product):
                response.Headers.ETag = IfMatch.ETag(product.Version);
                return TypedResults.Ok(ProductResponse.From(product));
            case Outcome<Product>.Invalid(var errors):
                return OutcomeResults.Invalid(errors, "The image cannot be added.");
            case var other:
                return OutcomeResults.Problem(other, "product");
        }
    }
}
