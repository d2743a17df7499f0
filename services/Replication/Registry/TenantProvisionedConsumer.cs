using MassTransit;
using Platform.Contracts.Admin;
using Platform.Replication.Configuration;

namespace Platform.Replication.Registry;

/// <summary>
/// Starts replicating a SQLite shop as soon as Admin announces it. Catalog creates the file from the same event, so the
/// file may appear a moment later: it is looked for for a while (<see cref="ReplicationOptions.ProvisioningWait"/>);
/// should it still be missing, folder discovery registers it whenever it appears.
/// </summary>
public sealed class TenantProvisionedConsumer(
    DatabaseLocator locator, ReplicatedDatabases databases, ReplicationOptions options, ILogger<TenantProvisionedConsumer> logger)
    : IConsumer<TenantProvisioned>
{
    public async Task Consume(ConsumeContext<TenantProvisioned> context)
    {
        var tenant = context.Message.TenantId;
        if (!string.Equals(context.Message.DatabaseType, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var name = DatabaseLocator.DefaultName(tenant);
        var deadline = DateTimeOffset.UtcNow + options.ProvisioningWait;
        while (databases.Find(tenant, name) is null)
        {
            if (locator.Locate(tenant, name) is { } path)
            {
                databases.Register(tenant, name, path);
                return;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                logger.LogWarning("Tenant {TenantId}'s database did not appear within {Wait}; discovery registers it when it does",
                    tenant, options.ProvisioningWait);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), context.CancellationToken);
        }
    }
}
