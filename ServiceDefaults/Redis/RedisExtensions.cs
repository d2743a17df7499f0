using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Redis;

public static class RedisExtensions
{
    public const string ConnectionName = "redis";

    /// <summary>
    /// Registers the service's <see cref="RedisConnection"/> from <c>ConnectionStrings:redis</c> (options from the
    /// <c>Redis</c> section), its Degraded-on-failure health check, <see cref="ITenantCache"/> and <see cref="ITenantEvents"/>.
    /// The connection starts with the host and in the background. Calling it again changes nothing.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformRedis(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(RedisConnection)))
        {
            return builder;
        }

        var connectionString = builder.Configuration.GetRequiredConnectionString(ConnectionName);
        var options = new RedisOptions { KeyPrefix = builder.Environment.ApplicationName };
        builder.Configuration.GetSection(RedisOptions.Section).Bind(options);
        if (string.IsNullOrWhiteSpace(options.KeyPrefix))
        {
            throw new MissingConfigurationException("Redis:KeyPrefix is empty. Set Redis__KeyPrefix or give the application a name.");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(services => new RedisConnection(connectionString, options, services.GetRequiredService<ILogger<RedisConnection>>()));
        builder.Services.AddHostedService<RedisConnectionStarter>();
        builder.Services.AddSingleton<RedisTenantCache>();
        builder.Services.AddSingleton<CacheInvalidationBus>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CacheInvalidationBus>());
        builder.Services.TryAddSingleton<ITenantCache, TwoTierTenantCache>();
        builder.Services.TryAddSingleton<ITenantEvents, RedisTenantEvents>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(ConnectionName, failureStatus: HealthStatus.Degraded);
        return builder;
    }

    private sealed class RedisConnectionStarter(RedisConnection connection) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            connection.StartConnecting();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
