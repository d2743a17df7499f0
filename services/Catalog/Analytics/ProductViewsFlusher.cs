using Platform.Catalog.Stores;
using Platform.Catalog.Tenants;

namespace Platform.Catalog.Analytics;

/// <summary>Stores the counted product views every <see cref="Interval"/>, and once more when the service stops.</summary>
public sealed class ProductViewsFlusher(
    ProductViews views,
    TenantDirectory directory,
    ICatalogStoreFactory stores,
    ILogger<ProductViewsFlusher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var (tenantId, counted) in views.Drain())
        {
            try
            {
                var tenant = await directory.FindRegisteredAsync(tenantId, cancellationToken);
                await stores.For(tenant).Analytics.AddViewsAsync(counted, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Product views of tenant {TenantId} not stored; keeping them for the next flush", tenantId);
                views.Return(tenantId, counted);
            }
        }
    }
}
