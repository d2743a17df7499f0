using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Catalog.Figures;
using Platform.Catalog.Stores;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Auth;
using Platform.ServiceDefaults.Redis;

namespace Platform.Catalog.Apis;

public static class FiguresApi
{
    public const string PlatformOperatorRole = "superadmin";

    public static IEndpointRouteBuilder MapFiguresApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tenants/{tenantId:guid}/figures", GetFigures)
            .WithTags("Figures")
            .RequireAuthorization()
            .RequireRateLimit()
            .WithName("GetTenantFigures")
            .WithSummary("A shop's operational figures: products, low stock, orders and revenue")
            .WithDescription("For the platform's operators (Admin's dashboard; suspended shops included) and for the shop's own users; " +
                "any other caller gets a 404.");
        return app;
    }

    public static async Task<Results<Ok<TenantFigures>, ProblemHttpResult>> GetFigures(
        Guid tenantId,
        ClaimsPrincipal user,
        TenantStores stores,
        CancellationToken cancellationToken)
    {
        ICatalogStore store;
        if (user.IsInRole(PlatformOperatorRole))
        {
            store = await stores.OpenForOperatorAsync(tenantId, cancellationToken);
        }
        else if (Guid.TryParse(user.FindFirst(PlatformClaims.TenantId)?.Value, out var callerTenant) && callerTenant == tenantId)
        {
            (_, store) = await stores.OpenAsync(tenantId, cancellationToken);
        }
        else
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "No such tenant.");
        }

        return TypedResults.Ok(await store.Figures.ReadAsync(cancellationToken));
    }
}
