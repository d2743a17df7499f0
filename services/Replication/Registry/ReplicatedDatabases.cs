using System.Collections.Concurrent;
using Platform.Replication.Configuration;
using Platform.Replication.Engine;

namespace Platform.Replication.Registry;

/// <summary>
/// The databases this instance replicates, one <see cref="DatabaseReplicator"/> each. Registration is idempotent;
/// first syncs are staggered over a few sync intervals and opens are capped (<see cref="ReplicationOptions.MaxConcurrentOpens"/>),
/// so a start with hundreds of databases neither stampedes the disk nor S3. Removing a database stops replicating it
/// and keeps its replicas for the retention period.
/// </summary>
public sealed class ReplicatedDatabases(
    ReplicationOptions options, ReplicationTargets targets, ILogger<ReplicatedDatabases> logger) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(Guid Tenant, string Name), DatabaseReplicator> replicators = new();
    private readonly SemaphoreSlim opens = new(options.MaxConcurrentOpens);
    private readonly SemaphoreSlim syncs = new(options.MaxConcurrentSyncs);
    private readonly Lock admission = new();
    private readonly CancellationTokenSource stopping = new();
    private int disposed;

    public ReplicationTargets Targets => targets;

    public Registration Register(Guid tenantId, string databaseName, string path)
    {
        DatabaseReplicator replicator;
        lock (admission)
        {
            if (replicators.TryGetValue((tenantId, databaseName), out var existing))
            {
                return new Registration.AlreadyRegistered(existing.GetStatus());
            }

            if (replicators.Count >= options.MaxDatabases)
            {
                return new Registration.LimitReached("Replication:MaxDatabases", options.MaxDatabases);
            }

            var ofTenant = replicators.Keys.Count(key => key.Tenant == tenantId);
            if (ofTenant >= options.MaxDatabasesPerTenant)
            {
                return new Registration.LimitReached("Replication:MaxDatabasesPerTenant", options.MaxDatabasesPerTenant);
            }

            if (ofTenant == 0 && replicators.Keys.Select(key => key.Tenant).Distinct().Count() >= options.MaxTenants)
            {
                return new Registration.LimitReached("Replication:MaxTenants", options.MaxTenants);
            }

            var tenant = options.ForTenant(tenantId);
            var settings = new DatabaseReplicationSettings(tenantId, databaseName, path, tenant.SyncInterval, tenant.SnapshotInterval, tenant.Retention);
            replicator = new DatabaseReplicator(settings, targets.Open(tenantId), syncSlots: syncs, logger: logger);
            replicators[(tenantId, databaseName)] = replicator;
        }

        _ = StartStaggeredAsync(replicator);
        logger.LogInformation("Replicating database {Database} of tenant {TenantId} from {Path}", databaseName, tenantId, path);
        return new Registration.Registered(replicator.GetStatus());
    }

    public async Task<bool> RemoveAsync(Guid tenantId, string databaseName, CancellationToken cancellationToken)
    {
        if (!replicators.TryRemove((tenantId, databaseName), out var replicator))
        {
            return false;
        }

        await replicator.StopAsync(cancellationToken);
        await replicator.DisposeAsync();
        logger.LogInformation("Stopped replicating database {Database} of tenant {TenantId}; its replicas stay for the retention period",
            databaseName, tenantId);
        return true;
    }

    public DatabaseReplicator? Find(Guid tenantId, string databaseName) =>
        replicators.TryGetValue((tenantId, databaseName), out var replicator) ? replicator : null;

    public IReadOnlyList<ReplicationStatus> Statuses(Guid? tenantId = null) =>
        [.. replicators.Where(pair => tenantId is null || pair.Key.Tenant == tenantId)
            .Select(pair => pair.Value.GetStatus())
            .OrderBy(status => status.TenantId).ThenBy(status => status.DatabaseName, StringComparer.Ordinal)];

    public IReadOnlyCollection<(Guid Tenant, string Name)> Keys => [.. replicators.Keys];

    private async Task StartStaggeredAsync(DatabaseReplicator replicator)
    {
        try
        {
            var spread = (long)(replicator.Settings.SyncInterval.TotalMilliseconds * Math.Min(3, 1 + replicators.Count / 100.0));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextInt64(0, Math.Max(1, spread))), stopping.Token);
            await opens.WaitAsync(stopping.Token);
            try
            {
                await replicator.StartAsync(stopping.Token);
            }
            finally
            {
                opens.Release();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Database {Database} of tenant {TenantId} could not start replicating",
                replicator.Settings.DatabaseName, replicator.Settings.TenantId);
        }
    }

    /// <summary>Creates the replica bucket when the target is S3 and it does not exist yet (a fresh local server).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (targets.Shared is not S3TargetSettings s3)
        {
            return;
        }

        using var store = new S3ReplicaStore(s3, s3.Prefix);
        try
        {
            await store.EnsureBucketAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            logger.LogWarning(exception, "Replica bucket {Bucket} could not be checked; syncs retry until it can be written", s3.Bucket);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        foreach (var key in replicators.Keys)
        {
            if (replicators.TryRemove(key, out var replicator))
            {
                await replicator.StopAsync(cancellationToken);
                await replicator.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        // The token source and semaphore hold no timer or wait handle, so they need no disposal; not disposing them keeps
        // a late StopAsync from the host harmless.
        await StopAsync(CancellationToken.None);
    }
}

public abstract record Registration
{
    public sealed record Registered(ReplicationStatus Status) : Registration;

    public sealed record AlreadyRegistered(ReplicationStatus Status) : Registration;

    public sealed record LimitReached(string Key, int Limit) : Registration;
}
