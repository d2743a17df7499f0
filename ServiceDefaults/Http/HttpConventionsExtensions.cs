using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Http;

public static class HttpConventionsExtensions
{
    private const string SwaggerUiPath = "/swagger";

    public static IHostApplicationBuilder AddPlatformHttpConventions(this IHostApplicationBuilder builder)
    {
        builder.AddTrustedProxies();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsConventions.Apply);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseInputExceptionHandler>();
        builder.Services.AddExceptionHandler<UnhandledExceptionHandler>();

        // Binding failures throw in every environment so that one handler turns them into the same 400 problem.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            // Names only: an integer would slip past validation as an undefined value.
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });

        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UsePlatformHttpConventions(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseMiddleware<HttpServerActivityEnricher>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Explicitly after the status-code pages, so a 401 or 403 from a challenge gets a problem body too
        // (left to the framework, authentication would run before them).
        if (app.Services.GetService<IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        app.UsePlatformRateLimiting();

        app.MapOpenApi();
        // Branched on its path: the UI's middleware would otherwise match its route pattern against every request.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(SwaggerUiPath), swagger => swagger.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", app.Environment.ApplicationName);
            options.RoutePrefix = SwaggerUiPath[1..];
        }));
        return app;
    }
}
