using Microsoft.Extensions.Logging;

namespace Platform.Replication.Engine;

/// <summary>The engine's structured log events: each names the tenant, the database, the operation and its duration.</summary>
internal static partial class ReplicationLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Operation {Operation}: database {Database} of tenant {TenantId} starts generation {Generation} because {Reason}")]
    public static partial void GenerationStarted(ILogger logger, string operation, Guid tenantId, string database, string generation, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Operation {Operation}: database {Database} of tenant {TenantId} shipped {Key} ({Bytes} bytes) in {DurationMs} ms")]
    public static partial void SnapshotShipped(ILogger logger, string operation, Guid tenantId, string database, string key, long bytes, double durationMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug,
        Message = "Operation {Operation}: database {Database} of tenant {TenantId} shipped {Key} ({Bytes} bytes) in {DurationMs} ms")]
    public static partial void SegmentShipped(ILogger logger, string operation, Guid tenantId, string database, string key, long bytes, double durationMs);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Operation {Operation}: database {Database} of tenant {TenantId} failed after {DurationMs} ms ({ConsecutiveErrors} in a row); retried with backoff while the WAL is held")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string operation, Guid tenantId, string database, double durationMs, long consecutiveErrors);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "Operation {Operation}: database {Database} of tenant {TenantId} deleted {Deleted} objects older than {Retention} in {DurationMs} ms; next due {NextDueAt}")]
    public static partial void RetentionEnforced(ILogger logger, string operation, Guid tenantId, string database, int deleted, TimeSpan retention, double durationMs, DateTimeOffset? nextDueAt);
}
