using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Catalog.Inventory;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Catalog.Apis;

public sealed record RestockRequest(int? Quantity);

public static class InventoryApi
{
    public const int MaxLowStockLimit = 500;

    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var inventory = app.MapGroup("/api").WithTags("Inventory").RequireAuthorization().RequireRateLimit();
        inventory.MapGet("/products/{productId:guid}/inventory", GetStock).WithName("GetStock").WithSummary("A product's stock");
        inventory.MapPost("/products/{productId:guid}/restock", Restock).WithName("Restock").WithSummary("Add stock to a product");
        inventory.MapGet("/inventory/low-stock", ListLowStock).WithName("ListLowStock")
            .WithSummary("Active products at or under their low-stock threshold, the emptiest first");
        return app;
    }

    public static async Task<Results<Ok<StockLevel>, ProblemHttpResult>> GetStock(
        CurrentTenant tenant, Guid productId, InventoryService inventory, CancellationToken cancellationToken) =>
        await inventory.FindAsync(tenant.Id, productId, cancellationToken) is { } level ? TypedResults.Ok(level) : NoSuchProduct();

    public static async Task<Results<Ok<StockLevel>, ValidationProblem, ProblemHttpResult>> Restock(
        CurrentTenant tenant, Guid productId, RestockRequest request, InventoryService inventory, CancellationToken cancellationToken)
    {
        if (request.Quantity is not (>= 1 and <= StockLevel.MaxRestock))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["quantity"] = [$"A restock adds between 1 and {StockLevel.MaxRestock} units."] },
                title: "The restock is not valid.", type: ProblemTypes.Validation);
        }

        return await inventory.RestockAsync(tenant.Id, productId, request.Quantity.Value, cancellationToken) is { } level
            ? TypedResults.Ok(level)
            : NoSuchProduct();
    }

    public static async Task<Results<Ok<IReadOnlyList<StockLevel>>, ValidationProblem>> ListLowStock(
        CurrentTenant tenant, int? limit, InventoryService inventory, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLowStockLimit)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = [$"The limit is between 1 and {MaxLowStockLimit}."] },
                title: "The query is not valid.", type: ProblemTypes.Validation);
        }

        return TypedResults.Ok(await inventory.ListLowAsync(tenant.Id, limit ?? 100, cancellationToken));
    }

    private static ProblemHttpResult NoSuchProduct() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "No such product.");
}
