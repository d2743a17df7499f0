namespace Platform.Catalog.Analytics;

/// <summary>One tenant's product analytics. Sales are written by the order stores in the delivery's own transaction.</summary>
public interface IAnalyticsStore
{
    /// <summary>Adds counted views; each entry is a product and UTC day.</summary>
    Task AddViewsAsync(IReadOnlyDictionary<(Guid ProductId, DateOnly Day), long> views, CancellationToken cancellationToken);

    /// <summary>The product's days with any activity between <paramref name="from"/> and <paramref name="to"/>, inclusive.</summary>
    Task<IReadOnlyList<ProductDay>> ReadAsync(Guid productId, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
