using Platform.Replication.Apis;
using Platform.Replication.Configuration;
using Platform.Replication.Registry;
using Platform.ServiceDefaults.Auth;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Replication;

public static class ReplicationServiceExtensions
{
    /// <summary>Reads and checks the <c>Replication</c> section; every problem is reported at once, each naming its key.</summary>
    public static ReplicationOptions ReadReplicationOptions(this IConfiguration configuration)
    {
        var options = ReplicationOptionsReader.Read(configuration);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new MissingConfigurationException(string.Join(" ", problems));
        }

        return options;
    }

    public static IHostApplicationBuilder AddReplicationServices(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.ReplicationFilePath() is { } file)
        {
            builder.Configuration.AddReplicationFile(file);
        }

        var options = builder.Configuration.ReadReplicationOptions();
        builder.AddPlatformAuthentication();
        builder.AddPlatformMessaging(bus => bus.AddConsumer<TenantProvisionedConsumer>());
        builder.Services.AddSingleton(options);
        builder.Services.AddTenantRateLimits(options);
        builder.Services.AddSingleton(ReplicationTargets.From(options, builder.Configuration));
        builder.Services.AddSingleton<DatabaseLocator>();
        builder.Services.AddSingleton<ReplicatedDatabases>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReplicatedDatabases>());
        builder.Services.AddHostedService<FolderDiscovery>();
        builder.Services.AddSingleton<ReplicationMetrics>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
