using Platform.Catalog.Tenants;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>
/// At start-up, brings every SQLite tenant's file to the current migrations, a few at a time, in the background: a
/// tenant used before its turn is migrated on first use (<see cref="SqliteTenantDatabases.EnsureMigratedAsync"/>).
/// </summary>
public sealed class SqliteMigrationHostedService(
    IServiceScopeFactory scopes,
    SqliteTenantDatabases databases,
    ILogger<SqliteMigrationHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<TenantRegistration> tenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            try
            {
                tenants = await scope.ServiceProvider.GetRequiredService<ITenantRegistry>().ListAsync(StoreKind.Sqlite, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not list the SQLite tenants; each will be migrated on first use");
                return;
            }
        }

        await Parallel.ForEachAsync(tenants, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken }, async (tenant, cancellationToken) =>
        {
            try
            {
                await databases.EnsureMigratedAsync(tenant.TenantId, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "SQLite file of tenant {TenantId} could not be migrated", tenant.TenantId);
            }
        });
    }
}
