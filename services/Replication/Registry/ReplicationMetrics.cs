using System.Diagnostics.Metrics;

namespace Platform.Replication.Registry;

/// <summary>Per-tenant replication metrics, read from the replicators' statuses whenever an exporter collects.</summary>
public sealed class ReplicationMetrics
{
    public const string MeterName = "Platform.Replication";

    public ReplicationMetrics(IMeterFactory meters, ReplicatedDatabases databases)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("platform.replication.databases", () => PerTenant(databases, statuses => statuses.Count()),
            unit: "{database}", description: "Databases replicated, per tenant");
        meter.CreateObservableGauge("platform.replication.lag", () => PerTenant(databases, statuses => statuses.Max(status => status.Lag.TotalSeconds)),
            unit: "s", description: "Oldest unshipped change, per tenant");
        meter.CreateObservableCounter("platform.replication.sync_errors", () => PerTenant(databases, statuses => statuses.Sum(status => status.SyncErrors)),
            unit: "{error}", description: "Failed syncs, per tenant");
        meter.CreateObservableCounter("platform.replication.shipped_bytes", () => PerTenant(databases, statuses => statuses.Sum(status => status.BytesShipped)),
            unit: "By", description: "Bytes shipped to the replica store, per tenant");
        meter.CreateObservableCounter("platform.replication.shipped_objects", () => PerTenant(databases, statuses => statuses.Sum(status => status.ObjectsShipped)),
            unit: "{object}", description: "Objects written to the replica store, per tenant");
    }

    private static IEnumerable<Measurement<T>> PerTenant<T>(ReplicatedDatabases databases, Func<IEnumerable<Engine.ReplicationStatus>, T> measure)
        where T : struct =>
        databases.Statuses().GroupBy(status => status.TenantId)
            .Select(tenant => new Measurement<T>(measure(tenant), new KeyValuePair<string, object?>("tenant", tenant.Key.ToString("D"))));
}
