using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Http;

/// <summary>
/// <c>X-Forwarded-For/-Proto/-Host</c> are honoured only from the proxies and networks named in
/// <c>ForwardedHeaders:KnownProxies</c> and <c>ForwardedHeaders:KnownNetworks</c> (lists, or comma-separated). Without
/// them the headers are ignored: anyone could otherwise pick the client address that rate limits and audit entries
/// use, or the host that published URLs name.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        var proxies = Values(section, "KnownProxies")
            .Select(value => IPAddress.TryParse(value, out var address) ? address : throw Invalid("KnownProxies", value, "an IP address"))
            .ToList();
        var networks = Values(section, "KnownNetworks")
            .Select(value => System.Net.IPNetwork.TryParse(value, out var network) ? network : throw Invalid("KnownNetworks", value, "a network such as 10.0.0.0/8"))
            .ToList();
        if (proxies.Count + networks.Count == 0)
        {
            return builder;
        }

        builder.Services.AddSingleton(new TrustedProxiesMarker());
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);

            // Every hop is followed while it is a known proxy; the first unknown one is the client.
            options.ForwardLimit = null;
        });
        return builder;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address, scheme and host.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (app.Services.GetService<TrustedProxiesMarker>() is not null)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    private static IEnumerable<string> Values(IConfigurationSection section, string key) =>
        section.GetSection(key).GetChildren().Select(child => child.Value).Append(section[key])
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static InvalidOperationException Invalid(string key, string value, string expected) =>
        new($"{Section}:{key} holds '{value}', which is not {expected}.");

    private sealed class TrustedProxiesMarker;
}
