using MassTransit;
using Platform.Contracts.Catalog;

namespace Platform.Search.Indexing;

/// <summary>
/// Keeps the index in step with Catalog's events. Redelivered, duplicated and reordered events are harmless: every write
/// of <see cref="IProductIndex"/> keeps the newest state and counts sales once per event.
/// </summary>
public sealed class CatalogEventsConsumer(IProductIndex index, ILogger<CatalogEventsConsumer> logger) :
    IConsumer<ProductCreated>,
    IConsumer<ProductUpdated>,
    IConsumer<ProductDeleted>,
    IConsumer<ProductPriceChanged>,
    IConsumer<StockChanged>,
    IConsumer<CategoryCreated>,
    IConsumer<CategoryUpdated>,
    IConsumer<CategoryDeleted>,
    IConsumer<OrderPlaced>
{
    public Task Consume(ConsumeContext<ProductCreated> context)
    {
        var m = context.Message;
        return Apply(context, m.ProductId, index.UpsertAsync(
            new IndexedProduct(m.TenantId, m.ProductId, m.Name, m.Description, m.CategoryId, m.Category, m.Tags, m.PriceCents, m.Currency,
                m.Active, m.Version, m.OccurredAt, m.OccurredAt),
            context.CancellationToken));
    }

    public Task Consume(ConsumeContext<ProductUpdated> context)
    {
        var m = context.Message;
        return Apply(context, m.ProductId, index.UpsertAsync(
            new IndexedProduct(m.TenantId, m.ProductId, m.Name, m.Description, m.CategoryId, m.Category, m.Tags, m.PriceCents, m.Currency,
                m.Active, m.Version, m.OccurredAt, m.OccurredAt),
            context.CancellationToken));
    }

    public Task Consume(ConsumeContext<ProductDeleted> context) =>
        Apply(context, context.Message.ProductId, index.DeleteAsync(
            context.Message.TenantId, context.Message.ProductId, context.Message.Version, context.Message.OccurredAt, context.CancellationToken));

    public Task Consume(ConsumeContext<ProductPriceChanged> context) =>
        Apply(context, context.Message.ProductId, index.ChangePriceAsync(
            context.Message.TenantId, context.Message.ProductId, context.Message.PriceCents, context.Message.Currency, context.Message.Version,
            context.CancellationToken));

    public Task Consume(ConsumeContext<StockChanged> context) =>
        Apply(context, context.Message.ProductId, index.SetStockAsync(
            context.Message.TenantId, context.Message.ProductId, context.Message.Available, context.Message.OccurredAt, context.CancellationToken));

    public Task Consume(ConsumeContext<CategoryCreated> context) =>
        Apply(context, context.Message.CategoryId, index.SetCategoryAsync(
            context.Message.TenantId, context.Message.CategoryId, context.Message.Name, context.Message.Version, context.CancellationToken));

    public Task Consume(ConsumeContext<CategoryUpdated> context) =>
        Apply(context, context.Message.CategoryId, index.SetCategoryAsync(
            context.Message.TenantId, context.Message.CategoryId, context.Message.Name, context.Message.Version, context.CancellationToken));

    public Task Consume(ConsumeContext<CategoryDeleted> context) =>
        Apply(context, context.Message.CategoryId, index.SetCategoryAsync(
            context.Message.TenantId, context.Message.CategoryId, null, context.Message.Version, context.CancellationToken));

    public Task Consume(ConsumeContext<OrderPlaced> context) =>
        Apply(context, context.Message.OrderId, index.AddSalesAsync(
            context.Message.Id, context.Message.TenantId, [.. context.Message.Lines.Select(line => (line.ProductId, line.Quantity))],
            context.CancellationToken));

    private async Task Apply<T>(ConsumeContext<T> context, Guid subject, Task<bool> write)
        where T : class
    {
        if (!await write)
        {
            logger.LogDebug("{Event} {EventId} for {Subject} changed nothing: a newer state or the same event was applied before",
                typeof(T).Name, context.MessageId, subject);
        }
    }
}
