using Platform.Replication.Configuration;

namespace Platform.Replication.Registry;

/// <summary>
/// Scans the watched folders every <see cref="ReplicationOptions.DiscoveryInterval"/>: a new tenant database starts
/// replicating, a deleted one stops (its replicas stay). A scan is cheap (a directory listing), costs S3 nothing, and
/// also catches what a file-system watcher misses (network folders, events dropped under load). The databases of the
/// configured clients are registered by the first scan, at start, and followed even when auto-discovery is off.
/// </summary>
public sealed class FolderDiscovery(ReplicationOptions options, DatabaseLocator locator, ReplicatedDatabases databases, ILogger<FolderDiscovery> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.DiscoveryInterval);
        do
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(exception, "Scanning the watched folders failed; trying again in {Interval}", options.DiscoveryInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        // A file listed in the configuration belongs to its client even when a discovery layout would name another tenant.
        var configured = locator.Configured().ToList();
        var configuredPaths = configured.Select(database => database.Path).ToHashSet(StringComparer.Ordinal);
        var found = options.AutoDiscovery.Enabled
            ? [.. configured, .. locator.Discover().Where(database => !configuredPaths.Contains(database.Path))]
            : configured;
        foreach (var (tenant, name, path) in found)
        {
            if (databases.Find(tenant, name) is null && databases.Register(tenant, name, path) is Registration.LimitReached limit)
            {
                logger.LogWarning("Database {Database} of tenant {TenantId} is not replicated: {Key} ({Limit}) reached", name, tenant, limit.Key, limit.Limit);
            }
        }

        // Without auto-discovery only the configured databases are followed; those registered through the API stay.
        var present = found.Select(database => (database.TenantId, database.DatabaseName)).ToHashSet();
        var followed = options.AutoDiscovery.Enabled
            ? databases.Keys
            : [.. databases.Keys.Where(key => options.Client(key.Tenant) is { DbPath: { } path }
                && DatabaseLocator.NameOf(key.Tenant, path) == key.Name)];
        foreach (var key in followed.Where(key => !present.Contains(key)))
        {
            await databases.RemoveAsync(key.Tenant, key.Name, cancellationToken);
        }
    }
}
