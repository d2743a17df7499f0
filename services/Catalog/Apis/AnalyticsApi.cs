using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Catalog.Analytics;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Catalog.Apis;

public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/products/{productId:guid}/stats", GetProductStats)
            .WithTags("Analytics")
            .RequireAuthorization()
            .RequireRateLimit()
            .WithName("GetProductStats")
            .WithSummary("A product's views, orders and units sold per day and in total (UTC days; the last 30 by default)")
            .WithDescription("Sales count at delivery. Views are counted in memory and stored every few seconds.");
        return app;
    }

    public static async Task<Results<Ok<ProductStats>, ValidationProblem, ProblemHttpResult>> GetProductStats(
        CurrentTenant tenant, Guid productId, DateOnly? from, DateOnly? to, TimeProvider clock, AnalyticsService analytics, CancellationToken cancellationToken)
    {
        var last = to ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = from ?? last.AddDays(-29);
        if (first > last || last.DayNumber - first.DayNumber >= ProductStats.MaxDays)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["from"] = [$"The period starts on or before its end and spans at most {ProductStats.MaxDays} days."] },
                title: "The period is not valid.", type: ProblemTypes.Validation);
        }

        return await analytics.ProductStatsAsync(tenant.Id, productId, first, last, cancellationToken) is { } stats
            ? TypedResults.Ok(stats)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "No such product.");
    }
}
