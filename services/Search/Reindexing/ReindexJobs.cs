using System.Collections.Concurrent;

namespace Platform.Search.Reindexing;

/// <summary>
/// Rebuilds run in the background, one per tenant at a time; their progress is kept in memory for the tenant to poll
/// (an instance that restarts forgets it, and the tenant starts the rebuild again: staged rows of an abandoned build are
/// dropped, the live index is untouched).
/// </summary>
public sealed class ReindexJobs(
    CatalogProducts catalog, IIndexRebuild rebuild, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<ReindexJobs> logger)
{
    private readonly ConcurrentDictionary<Guid, ReindexProgress> jobs = new();

    public ReindexProgress? Find(Guid tenantId) => jobs.TryGetValue(tenantId, out var progress) ? progress : null;

    /// <summary>Starts a rebuild unless one is running for the tenant; returns it either way and whether it was started now.</summary>
    public (ReindexProgress Progress, bool Started) Start(Guid tenantId, string accessToken)
    {
        var fresh = new ReindexProgress(Guid.NewGuid(), ReindexState.Running, 0, null, 0, clock.GetUtcNow(), null, null);
        var current = jobs.AddOrUpdate(tenantId, fresh, (_, existing) => existing.State == ReindexState.Running ? existing : fresh);
        if (!ReferenceEquals(current, fresh))
        {
            return (current, false);
        }

        _ = Task.Run(() => RunAsync(tenantId, accessToken, fresh, lifetime.ApplicationStopping));
        return (fresh, true);
    }

    private async Task RunAsync(Guid tenantId, string accessToken, ReindexProgress progress, CancellationToken stopping)
    {
        try
        {
            var read = 0L;
            for (var page = 1; ; page++)
            {
                var products = await catalog.ReadPageAsync(tenantId, accessToken, page, stopping);
                await rebuild.StageAsync(progress.BuildId, products.Products, stopping);
                read += products.Products.Count;
                progress = Report(tenantId, progress with { ProductsRead = read, ProductsInCatalog = products.Total });
                if (products.Products.Count < CatalogProducts.PageSize)
                {
                    break;
                }
            }

            var retired = await rebuild.SwitchAsync(tenantId, progress.BuildId, progress.StartedAt, stopping);
            Report(tenantId, progress with { State = ReindexState.Completed, ProductsRetired = retired, FinishedAt = clock.GetUtcNow() });
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Rebuilding the index of tenant {TenantId} failed; the live index is unchanged", tenantId);
            Report(tenantId, progress with { State = ReindexState.Failed, FinishedAt = clock.GetUtcNow(), Error = exception.Message });
            await rebuild.AbandonAsync(progress.BuildId, CancellationToken.None);
        }
    }

    private ReindexProgress Report(Guid tenantId, ReindexProgress progress) => jobs[tenantId] = progress;
}

public enum ReindexState
{
    Running,
    Completed,
    Failed,
}

/// <summary>Where a rebuild stands; <see cref="ProductsInCatalog"/> is known once the first page is read.</summary>
public sealed record ReindexProgress(
    Guid BuildId,
    ReindexState State,
    long ProductsRead,
    long? ProductsInCatalog,
    int ProductsRetired,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error);
