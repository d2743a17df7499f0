using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// PINGs Redis past any open break. Registered with a failure status of Degraded: without Redis the service still answers
/// from its database, so <c>/health</c> stays 200 and names Redis as degraded instead of taking the instance out of rotation.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connection.Multiplexer is not { IsConnected: true } multiplexer)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis unreachable: not connected");
        }

        try
        {
            await multiplexer.GetDatabase().PingAsync().WaitAsync(connection.Options.OperationTimeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis unreachable: {exception.GetType().Name}");
        }
    }
}
