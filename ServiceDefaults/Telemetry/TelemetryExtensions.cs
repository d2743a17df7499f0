using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Platform.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    private const string RequestLoggingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Activity sources every service listens to; the runtime and libraries emit them without extra packages.</summary>
    public static readonly string[] TracingSources =
    [
        "Microsoft.AspNetCore",
        "System.Net.Http",
        "Npgsql",
        "MassTransit",
        PlatformDiagnostics.SourceName,
    ];

    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        "Npgsql",
        "MassTransit",
        "Platform.Replication",
        PlatformDiagnostics.SourceName,
    ];

    public static IHostApplicationBuilder AddPlatformTelemetry(this IHostApplicationBuilder builder)
    {
        // Without a collector every span and measurement would be recorded only to be dropped: a tenth of a cached read's
        // cost. The runtime's sources stay silent until something listens; an operator can still attach dotnet-counters.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            SilenceRequestLoggingUnlessAsked(builder);
            return builder;
        }

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;

        // OpenTelemetry.Extensions.Hosting is not available here; the SDK's own IOpenTelemetryBuilder
        // extensions do the same registrations on the host's service collection.
        var telemetry = new HostOpenTelemetryBuilder(builder.Services);
        telemetry.ConfigureResource(resource => resource.AddService(serviceName));
        telemetry.WithTracing(tracing => tracing.AddSource(TracingSources));
        telemetry.WithMetrics(metrics => metrics.AddMeter(Meters));
        telemetry.WithLogging(configureBuilder: null, configureOptions: options =>
        {
            options.IncludeFormattedMessage = true;
            options.IncludeScopes = true;
        });

        telemetry.UseOtlpExporter();

        builder.Services.AddHostedService<TelemetryProvidersStarter>();
        return builder;
    }

    /// <summary>
    /// While its logger is on, ASP.NET Core starts an activity and a log scope for every request only to correlate log
    /// lines; without a collector nothing reads them and the console does not print scopes. That logger writes nothing
    /// else above Information (an unhandled exception is logged by Kestrel and the exception handler), so it is off
    /// unless the configuration names its category.
    /// </summary>
    private static void SilenceRequestLoggingUnlessAsked(IHostApplicationBuilder builder)
    {
        if (builder.Configuration[$"Logging:LogLevel:{RequestLoggingCategory}"] is null)
        {
            builder.Logging.AddFilter(RequestLoggingCategory, LogLevel.None);
        }
    }

    private sealed class HostOpenTelemetryBuilder(IServiceCollection services) : IOpenTelemetryBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
