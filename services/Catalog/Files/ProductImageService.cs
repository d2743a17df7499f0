using Platform.Catalog.Products;
using Platform.ServiceDefaults.ObjectStorage;

namespace Platform.Catalog.Files;

/// <summary>
/// Product images uploaded by the shop straight to the public bucket: the service issues a presigned PUT for a key under
/// the product's prefix, and records the key in the product's images once the upload is confirmed and checked.
/// </summary>
public sealed class ProductImageService(ProductService products, IObjectStorage storage, ObjectStorageOptions options)
{
    private static readonly UploadKind Kind = UploadKind.ProductImage;

    public async Task<Outcome<IssuedUpload>> IssueUploadAsync(Guid tenantId, Guid productId, UploadRequest request, CancellationToken cancellationToken)
    {
        if (await products.FindAsync(tenantId, productId, cancellationToken) is not { } product)
        {
            return new Outcome<IssuedUpload>.NotFound();
        }

        if (!Kind.TryAccept(request, out var contentType, out var size, out var errors))
        {
            return new Outcome<IssuedUpload>.Invalid(errors);
        }

        if (product.Images.Count >= ProductRules.MaxImages)
        {
            return new Outcome<IssuedUpload>.Conflict("The product has all its images.", $"A product has at most {ProductRules.MaxImages} images; remove one first.");
        }

        return StoredUploads.Issue(storage, options.PublicBucket, FileKeys.ProductImagesPrefix(tenantId, productId), Kind, contentType, size);
    }

    public async Task<Outcome<Product>> ConfirmAsync(Guid tenantId, Guid productId, string? key, CancellationToken cancellationToken)
    {
        if (await products.FindAsync(tenantId, productId, cancellationToken) is null)
        {
            return new Outcome<Product>.NotFound();
        }

        var prefix = FileKeys.ProductImagesPrefix(tenantId, productId);
        if (!FileKeys.IsUpload(key, prefix, Kind))
        {
            return Outcome<Product>.InvalidField("key", $"The key is one issued by this product's upload endpoint (under '{prefix}').");
        }

        var (stored, errors) = await StoredUploads.CheckAsync(storage, options.PublicBucket, key, Kind, cancellationToken);
        return stored is null ? new Outcome<Product>.Invalid(errors) : await products.AddImageAsync(tenantId, productId, key, cancellationToken);
    }
}
