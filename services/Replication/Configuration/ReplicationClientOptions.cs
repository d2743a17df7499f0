namespace Platform.Replication.Configuration;

/// <summary>
/// One tenant listed in the file (<c>Replication:Clients:{i}</c>): its database registered at start when
/// <see cref="DbPath"/> is set, and its own retention, intervals, replica prefix and S3 credentials, each falling back
/// to the section's defaults.
/// </summary>
public sealed class ReplicationClientOptions
{
    /// <summary>The tenant's GUID (kept as text so a wrong value is reported, not turned into an empty GUID).</summary>
    public string? ClientId { get; set; }

    /// <summary>The tenant's SQLite file; must lie inside one of the watch folders.</summary>
    public string? DbPath { get; set; }

    /// <summary>The tenant's replica prefix in the bucket (or under the replica folder), replacing <c>databases/{tenant}/</c>.</summary>
    public string? S3Prefix { get; set; }

    public TimeSpan? Retention { get; set; }

    public TimeSpan? SyncInterval { get; set; }

    public TimeSpan? SnapshotInterval { get; set; }

    /// <summary>The tenant's own S3 credentials; its replicas are written with a client of their own.</summary>
    public S3CredentialsOptions? S3 { get; set; }

    public Guid TenantId => Guid.TryParse(ClientId, out var id) ? id : Guid.Empty;
}
