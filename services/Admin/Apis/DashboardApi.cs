using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Platform.Admin.Accounts;
using Platform.Admin.Auth;
using Platform.Admin.Dashboard;

namespace Platform.Admin.Apis;

public sealed record DashboardRowResponse(
    Guid AccountId,
    string CompanyName,
    AccountStatus Status,
    Guid PlanId,
    DatabaseType DatabaseType,
    FiguresStatus FiguresStatus,
    ShopFigures? Figures);

/// <summary>
/// <see cref="Partial"/> is true when some shop's figures are missing (each row says why); <see cref="Totals"/> adds
/// up the rows whose figures arrived.
/// </summary>
public sealed record DashboardResponse(
    IReadOnlyList<DashboardRowResponse> Items,
    long Total,
    int Page,
    int PageSize,
    bool Partial,
    ShopFigures Totals);

public static class DashboardApi
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard", GetDashboard)
            .WithTags("Dashboard")
            .RequireAuthorization(AdminAuthExtensions.SuperadminPolicy)
            .WithName("GetDashboard")
            .WithSummary("Accounts with each shop's products, low stock, orders and revenue from Catalog")
            .WithDescription("Figures are fetched concurrently with a timeout per shop; a page missing some is marked partial.");
        return app;
    }

    public static async Task<Results<Ok<DashboardResponse>, ValidationProblem>> GetDashboard(
        string? status, Guid? planId, int? page, int? pageSize, HttpContext http, DashboardService dashboard, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var statusFilter = QueryRules.Named<AccountStatus>(status, "status", errors);
        QueryRules.Page(page, pageSize, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return OutcomeResults.Invalid(errors);
        }

        // Catalog is asked with the operator's own token: it decides what the operator may read, not Admin.
        var authorization = http.Request.Headers[HeaderNames.Authorization].ToString();
        var accessToken = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : "";
        var result = await dashboard.BuildAsync(new AccountFilter(statusFilter, planId, page ?? 1, pageSize ?? 20), accessToken, cancellationToken);
        var arrived = result.Rows.Where(row => row.Figures is not null).Select(row => row.Figures!).ToList();
        var totals = new ShopFigures(
            arrived.Sum(figures => figures.Products),
            arrived.Sum(figures => figures.ActiveProducts),
            arrived.Sum(figures => figures.LowStockProducts),
            arrived.Sum(figures => figures.Orders),
            arrived.Sum(figures => figures.OpenOrders),
            arrived.Sum(figures => figures.RevenueCents));
        var items = result.Rows.Select(row => new DashboardRowResponse(
            row.Account.Id, row.Account.CompanyName, row.Account.Status, row.Account.PlanId, row.Account.DatabaseType, row.FiguresStatus, row.Figures)).ToList();
        return TypedResults.Ok(new DashboardResponse(items, result.Total, result.PageNumber, result.PageSize, result.Partial, totals));
    }
}
