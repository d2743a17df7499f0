using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Contracts;

namespace Platform.ServiceDefaults.Messaging.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// A transactional outbox in <c>{schema}.outbox_messages</c> (created with the module's migrations) and the relay
    /// that publishes it. Needs the module's data source (AddPlatformPostgres), migrations and bus (AddPlatformMessaging).
    /// </summary>
    public static IHostApplicationBuilder AddPostgresOutbox(this IHostApplicationBuilder builder, string schema)
    {
        var options = builder.Configuration.GetSection("Outbox").Get<OutboxOptions>() ?? new OutboxOptions();
        options.Schema = schema;
        builder.Services.AddSingleton(options);
        foreach (var migration in OutboxMigrations.For(schema))
        {
            builder.Services.AddSingleton(migration);
        }

        builder.Services.AddSingleton(OutboxEventTypes.FromAssembly(typeof(IIntegrationEvent).Assembly));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddHostedService<OutboxRelay>();
        return builder;
    }
}
