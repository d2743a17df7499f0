namespace Platform.Replication.Configuration;

/// <summary>What applies to one tenant: its client entry's values where the file gives them, the section's defaults elsewhere.</summary>
/// <param name="Prefix">The tenant's replica prefix ending in '/', or null for the default <c>databases/{tenant}/</c>.</param>
/// <param name="Credentials">The tenant's own S3 credentials, or null for the service's.</param>
public sealed record TenantReplicationSettings(
    Guid TenantId,
    TimeSpan SyncInterval,
    TimeSpan SnapshotInterval,
    TimeSpan Retention,
    string? Prefix,
    S3CredentialsOptions? Credentials);
