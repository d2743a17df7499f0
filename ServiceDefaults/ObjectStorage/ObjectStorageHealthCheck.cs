using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.ServiceDefaults.ObjectStorage;

/// <summary>
/// HEADs each configured bucket. Registered with a failure status of Degraded: products, orders and stock never touch
/// object storage, and the work that does (invoices) is retried from its event, so an outage must not take the
/// instance out of rotation. <c>/health</c> stays 200 and names the storage as degraded.
/// </summary>
public sealed class ObjectStorageHealthCheck(IObjectStorage storage, ObjectStorageOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.OperationTimeout);
        try
        {
            foreach (var bucket in new[] { options.PublicBucket, options.PrivateBucket }.Distinct(StringComparer.Ordinal))
            {
                if (!await storage.BucketExistsAsync(bucket, timeout.Token))
                {
                    return new HealthCheckResult(context.Registration.FailureStatus, $"Bucket {bucket} does not exist (yet)");
                }
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Object storage unreachable: {exception.GetType().Name}");
        }
    }
}
