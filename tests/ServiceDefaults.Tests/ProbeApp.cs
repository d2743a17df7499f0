using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;

namespace Platform.ServiceDefaults.Tests;

/// <summary>A small service built with the platform's defaults, hosted in memory (or on a loopback port) for one test.</summary>
public sealed class ProbeApp : IAsyncDisposable
{
    private ProbeApp(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public static async Task<ProbeApp> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? map = null,
        bool kestrel = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        if (kestrel)
        {
            // A real socket, for what the in-memory server does not show (a streaming response, a client that disconnects).
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        map?.Invoke(app);
        await app.StartAsync();
        return new ProbeApp(app, kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.Single()) } : app.GetTestClient());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
