namespace Platform.Replication.Engine;

/// <summary>Where a tenant's replicas go: a folder (embedded default) or an S3 bucket.</summary>
public abstract record ReplicaTargetSettings;

/// <summary>The replicas under <c>{Root}/databases/{tenant}/</c>.</summary>
public sealed record FileSystemTargetSettings(string Root) : ReplicaTargetSettings;

/// <summary>
/// The replicas under <c>{Prefix}databases/{tenant}/</c> in an S3 bucket, path-style, on any S3-compatible endpoint.
/// <see cref="AccessKey"/> and <see cref="SecretKey"/> may be a tenant's own credentials.
/// </summary>
public sealed record S3TargetSettings(
    Uri Endpoint,
    string Region,
    string Bucket,
    string AccessKey,
    string SecretKey,
    string Prefix = "") : ReplicaTargetSettings
{
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
