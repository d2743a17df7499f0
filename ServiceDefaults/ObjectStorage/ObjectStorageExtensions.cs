using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.ObjectStorage;

public static class ObjectStorageExtensions
{
    public const string ConnectionName = "objectstorage";

    /// <summary>
    /// Registers <see cref="IObjectStorage"/> from <c>ConnectionStrings:objectstorage</c> with the buckets of the
    /// <c>ObjectStorage</c> section, creates those buckets at start, and adds a Degraded-on-failure health check.
    /// Calling it again changes nothing.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformObjectStorage(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(IObjectStorage)))
        {
            return builder;
        }

        var connection = ObjectStorageConnection.Parse(builder.Configuration.GetRequiredConnectionString(ConnectionName));
        var options = new ObjectStorageOptions();
        builder.Configuration.GetSection(ObjectStorageOptions.Section).Bind(options);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IObjectStorage>(services =>
            new S3ObjectStorage(connection, options, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<BucketCreator>();
        builder.Services.AddHealthChecks().AddCheck<ObjectStorageHealthCheck>(ConnectionName, failureStatus: HealthStatus.Degraded);
        return builder;
    }

    /// <summary>
    /// Creates the buckets before the service takes requests when the storage answers; when it does not, the service
    /// starts anyway (health says Degraded) and the buckets are created in the background as soon as it does.
    /// </summary>
    private sealed class BucketCreator(IObjectStorage storage, ObjectStorageOptions options, ILogger<BucketCreator> logger) : BackgroundService
    {
        private bool created;

        public override async Task StartAsync(CancellationToken cancellationToken)
        {
            // A storage that hangs must not hold the service's start for longer than one operation's timeout.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(options.OperationTimeout);
            created = await TryCreateAsync(bounded.Token, cancellationToken);
            await base.StartAsync(cancellationToken);
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var delay = TimeSpan.FromSeconds(1);
            while (!created && !stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(delay, stoppingToken);
                if (await TryCreateAsync(stoppingToken, stoppingToken))
                {
                    logger.LogInformation("Object storage buckets created after an outage");
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }

        private async Task<bool> TryCreateAsync(CancellationToken attempt, CancellationToken stopping)
        {
            try
            {
                foreach (var bucket in new[] { options.PublicBucket, options.PrivateBucket }.Distinct(StringComparer.Ordinal))
                {
                    await storage.EnsureBucketAsync(bucket, attempt);
                }

                return true;
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Object storage does not answer; its buckets will be created when it does");
                return false;
            }
        }
    }
}
