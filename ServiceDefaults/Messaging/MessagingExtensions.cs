using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionName = "messaging";

    /// <summary>
    /// MassTransit over RabbitMQ from <c>ConnectionStrings:messaging</c> (an <c>amqp://user:pass@host:port/vhost</c> URI).
    /// A message whose consumer keeps failing is retried, then moved to the endpoint's <c>_error</c> queue:
    /// parked for inspection and replay, never acked away.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformMessaging(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var brokerAddress = ParseBrokerAddress(builder.Configuration.GetRequiredConnectionString(ConnectionName));
        var options = builder.Configuration.GetSection("Messaging").Get<MessagingOptions>() ?? new MessagingOptions();
        var endpointPrefix = builder.Configuration["Messaging:EndpointPrefix"] ?? ServicePrefix(builder.Environment.ApplicationName);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(endpointPrefix, includeNamespace: false));
            configureConsumers?.Invoke(bus);

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(brokerAddress, host => host.ConnectionName(builder.Environment.ApplicationName));
                rabbit.UseMessageRetry(retry => retry.Exponential(
                    options.RetryLimit,
                    options.RetryMinInterval,
                    options.RetryMaxInterval,
                    options.RetryMinInterval));
                rabbit.ConfigureEndpoints(context);
            });
        });

        // The service starts even when the broker is down: /health reports it and MassTransit keeps reconnecting.
        builder.Services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = false;
            host.StopTimeout = TimeSpan.FromSeconds(20);
        });
        return builder;
    }

    internal static Uri ParseBrokerAddress(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var address) ||
            address.Scheme is not ("amqp" or "amqps" or "rabbitmq" or "rabbitmqs"))
        {
            throw new MissingConfigurationException(
                $"ConnectionStrings__{ConnectionName} must be an amqp:// URI such as amqp://user:password@host:5672/vhost.");
        }

        return address;
    }

    /// <summary>"Search.Api" becomes "search": queue names read as <c>search-product-created</c>.</summary>
    private static string ServicePrefix(string applicationName) =>
        applicationName.Split('.')[0].ToLowerInvariant();
}

public sealed class MessagingOptions
{
    public int RetryLimit { get; set; } = 5;

    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(5);
}
