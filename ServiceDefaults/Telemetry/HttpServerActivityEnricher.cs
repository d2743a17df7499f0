using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// Gives ASP.NET Core's server span the name and OpenTelemetry semantic tags that the (unavailable)
/// OpenTelemetry.Instrumentation.AspNetCore package would add, so the dashboard shows "POST /api/products/".
/// It runs outside the exception handler so the status it records is the one the client received.
/// </summary>
internal sealed class HttpServerActivityEnricher(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        return activity is null || !activity.IsAllDataRequested ? next(context) : EnrichAsync(context, activity);
    }

    private async Task EnrichAsync(HttpContext context, Activity activity)
    {
        var request = context.Request;
        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.Path.Value);
        activity.SetTag("server.address", request.Host.Host);

        // Routing ran before this middleware; the exception handler clears the endpoint when it re-executes.
        var routedEndpoint = context.GetEndpoint();
        try
        {
            await next(context);
        }
        finally
        {
            var route = ((context.GetEndpoint() ?? routedEndpoint) as RouteEndpoint)?.RoutePattern.RawText;
            activity.DisplayName = route is null ? request.Method : $"{request.Method} {route}";
            activity.SetTag("http.route", route);
            activity.SetTag("http.response.status_code", context.Response.StatusCode);
            if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
