using Platform.Contracts;
using Platform.Contracts.Catalog;

namespace Platform.Catalog.Products;

/// <summary>The integration events announcing each product change, built from the product as it is after the change.</summary>
public static class ProductEvents
{
    public static IReadOnlyList<IIntegrationEvent> Created(Product product) =>
    [
        new ProductCreated(Guid.CreateVersion7(), product.UpdatedAt, product.TenantId, product.Id, product.Name, product.Description,
            product.PriceCents, product.Currency, product.CategoryName, product.Tags, product.Version, product.CategoryId, product.Active),
    ];

    public static IReadOnlyList<IIntegrationEvent> Updated(Product before, Product after)
    {
        var events = new List<IIntegrationEvent>
        {
            new ProductUpdated(Guid.CreateVersion7(), after.UpdatedAt, after.TenantId, after.Id, after.Name, after.Description, after.PriceCents,
                after.Currency, after.CategoryId, after.CategoryName, after.Tags, after.Active, after.Version),
        };
        if (before.PriceCents != after.PriceCents || before.Currency != after.Currency)
        {
            events.Add(new ProductPriceChanged(Guid.CreateVersion7(), after.UpdatedAt, after.TenantId, after.Id, before.PriceCents,
                after.PriceCents, after.Currency, after.Version));
        }

        return events;
    }

    /// <summary>For the product as deleted: one version on, deleted at its <see cref="Product.UpdatedAt"/>.</summary>
    public static IReadOnlyList<IIntegrationEvent> Deleted(Product deleted) =>
        [new ProductDeleted(Guid.CreateVersion7(), deleted.UpdatedAt, deleted.TenantId, deleted.Id, deleted.Version)];
}
