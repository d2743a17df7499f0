using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Tests;

public sealed class TelemetryExportTests
{
    [Fact]
    public async Task Traces_metrics_and_logs_are_exported_over_otlp_when_an_endpoint_is_set()
    {
        var received = new ConcurrentDictionary<string, int>();
        await using var collector = await StartCollectorAsync(received);
        await using var probe = await ProbeApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.Single(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            },
            map: app => app.MapGet("/ping", (ILogger<TelemetryExportTests> logger) =>
            {
                logger.LogWarning("ping handled");
                return "pong";
            }));

        using var response = await probe.Client.GetAsync("/ping");
        response.EnsureSuccessStatusCode();

        await Eventually.MatchAsync(
            () => Task.FromResult(received.Keys.Order().ToList()),
            paths => paths.Contains("/v1/traces") && paths.Contains("/v1/metrics") && paths.Contains("/v1/logs"),
            TimeSpan.FromSeconds(20),
            "OTLP exports of traces, metrics and logs");
    }

    [Fact]
    public async Task The_server_span_is_named_by_route_and_records_the_status_the_client_got()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var probe = await ProbeApp.StartAsync(map: app =>
            app.MapGet("/orders/{id:int}/fail", string (int id) => throw new InvalidOperationException($"order {id}")));

        using var response = await probe.Client.GetAsync("/orders/7/fail");

        var span = await Eventually.MatchAsync(
            () => Task.FromResult(stopped.FirstOrDefault(activity => Equals(activity.GetTagItem("url.path"), "/orders/7/fail"))),
            activity => activity is not null,
            what: "server span");
        Assert.Equal("GET /orders/{id:int}/fail", span!.DisplayName);
        Assert.Equal("/orders/{id:int}/fail", span.GetTagItem("http.route"));
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    private static async Task<WebApplication> StartCollectorAsync(ConcurrentDictionary<string, int> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var collector = builder.Build();
        collector.MapPost("/v1/{signal}", (HttpRequest request) =>
        {
            received.AddOrUpdate(request.Path, 1, (_, count) => count + 1);
            return Results.Ok();
        });
        await collector.StartAsync();
        return collector;
    }
}
