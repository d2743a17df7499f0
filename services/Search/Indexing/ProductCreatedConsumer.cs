using MassTransit;
using Platform.Contracts.Catalog;

namespace Platform.Search.Indexing;

/// <summary>Indexes new products. Redelivered and out-of-order events are harmless: the index keeps the newest version.</summary>
public sealed class ProductCreatedConsumer(IProductIndex index, ILogger<ProductCreatedConsumer> logger) : IConsumer<ProductCreated>
{
    public async Task Consume(ConsumeContext<ProductCreated> context)
    {
        var message = context.Message;
        var stored = await index.UpsertAsync(new IndexedProduct(
            message.TenantId,
            message.ProductId,
            message.Name,
            message.Description,
            message.Category,
            message.Tags,
            message.PriceCents,
            message.Currency,
            message.Version,
            message.OccurredAt), context.CancellationToken);

        if (!stored)
        {
            logger.LogDebug("Product {ProductId} of tenant {TenantId} already indexed at version {Version} or newer",
                message.ProductId, message.TenantId, message.Version);
        }
    }
}
