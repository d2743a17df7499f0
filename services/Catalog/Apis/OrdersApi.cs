using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Catalog.Orders;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Catalog.Apis;

public static class OrdersApi
{
    public const int MaxPageSize = 100;
    public const int MaxIdempotencyKeyLength = 200;
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Room for the largest valid order (100 items, a 4,000-character description) and little more.</summary>
    public const long MaxBodyBytes = 32 * 1024;

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization().RequireRateLimit();
        orders.MapPost("/", PlaceOrder).WithMetadata(new BodySizeLimit(MaxBodyBytes)).WithName("PlaceOrder")
            .WithSummary("Place an order, reserving its stock")
            .WithDescription("With an Idempotency-Key header, a retried request returns the first order instead of placing another.");
        orders.MapGet("/", ListOrders).WithName("ListOrders").WithSummary("The shop's orders, newest first, filtered by status and customerId");
        orders.MapGet("/{orderId:guid}", GetOrder).WithName("GetOrder").WithSummary("One of the shop's orders");
        foreach (var (action, target) in new[]
        {
            ("confirm", OrderStatus.Confirmed), ("ship", OrderStatus.Shipped), ("deliver", OrderStatus.Delivered), ("cancel", OrderStatus.Cancelled),
        })
        {
            orders.MapPost($"/{{orderId:guid}}/{action}", (CurrentTenant tenant, Guid orderId, OrderService service, CancellationToken ct) =>
                    MoveOrder(tenant, orderId, target, service, ct))
                .WithName($"{char.ToUpperInvariant(action[0])}{action[1..]}Order")
                .WithSummary($"Move the order to {target.ToString().ToLowerInvariant()}");
        }

        return app;
    }

    public static async Task<Results<Created<OrderResponse>, ValidationProblem, ProblemHttpResult>> PlaceOrder(
        CurrentTenant tenant,
        CreateOrderRequest request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        HttpContext http,
        OrderService orders,
        CancellationToken cancellationToken)
    {
        if (!NewOrder.TryCreate(request, out var draft, out var errors) | !ValidKey(idempotencyKey, errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The order is not valid.", type: ProblemTypes.Validation);
        }

        switch (await orders.PlaceAsync(tenant.Id, draft, idempotencyKey, cancellationToken))
        {
            case PlaceOrderResult.Placed(var order):
                return TypedResults.Created($"/api/orders/{order.Id}", OrderResponse.From(order));
            case PlaceOrderResult.Replayed(var order):
                http.Response.Headers[ReplayedHeader] = "true";
                return TypedResults.Created($"/api/orders/{order.Id}", OrderResponse.From(order));
            case PlaceOrderResult.UnknownProducts(var ids):
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["items"] = ids.Select(id => $"No active product {id}.").ToArray() },
                    title: "The order names products the shop does not sell.", type: ProblemTypes.Validation);
            case PlaceOrderResult.InsufficientStock(var ids):
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.InsufficientStock,
                    title: "Not enough stock.", detail: "Some products do not have the quantity asked for; nothing was reserved.",
                    extensions: new Dictionary<string, object?> { ["productIds"] = ids });
            case PlaceOrderResult.KeyReused:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: ProblemTypes.IdempotencyKeyReused,
                    title: "The idempotency key was used for another request.", detail: "Use a new Idempotency-Key for a new order.");
            case PlaceOrderResult.UnknownCustomer(var customerId):
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["customerId"] = [$"No customer {customerId}: the shop does not have it, or it was anonymised."] },
                    title: "The order is not valid.", type: ProblemTypes.Validation);
            case PlaceOrderResult.MixedCurrencies:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["items"] = ["All products of an order share one currency."] },
                    title: "The order is not valid.", type: ProblemTypes.Validation);
            default:
                throw new InvalidOperationException("Unexpected placement result.");
        }
    }

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrder(
        CurrentTenant tenant, Guid orderId, OrderService orders, CancellationToken cancellationToken) =>
        await orders.FindAsync(tenant.Id, orderId, cancellationToken) is { } order
            ? TypedResults.Ok(OrderResponse.From(order))
            : NotFound();

    public static async Task<Results<Ok<OrderPageResponse>, ValidationProblem>> ListOrders(
        CurrentTenant tenant, string? status, Guid? customerId, int? page, int? pageSize, OrderService orders, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        OrderStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = ["The status is one of: pending, confirmed, shipped, delivered, cancelled."];
            }
        }

        if (page is < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"The page size is between 1 and {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is not valid.", type: ProblemTypes.Validation);
        }

        var result = await orders.ListAsync(tenant.Id, statusFilter, customerId, page ?? 1, pageSize ?? 20, cancellationToken);
        return TypedResults.Ok(new OrderPageResponse(result.Items.Select(OrderResponse.From).ToList(), result.Total, result.Page, result.PageSize));
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> MoveOrder(
        CurrentTenant tenant, Guid orderId, OrderStatus target, OrderService orders, CancellationToken cancellationToken) =>
        await orders.MoveAsync(tenant.Id, orderId, target, cancellationToken) switch
        {
            MoveOrderResult.Moved(var order) => TypedResults.Ok(OrderResponse.From(order)),
            MoveOrderResult.InvalidTransition(var current) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Conflict,
                title: "The order cannot make that move.",
                detail: $"An order that is {current.ToString().ToLowerInvariant()} cannot become {target.ToString().ToLowerInvariant()}.",
                extensions: new Dictionary<string, object?> { ["status"] = current.ToString().ToLowerInvariant() }),
            _ => NotFound(),
        };

    private static bool ValidKey(string? key, Dictionary<string, string[]> errors)
    {
        if (key is null || (key.Length is > 0 and <= MaxIdempotencyKeyLength && key.All(c => c is >= '!' and <= '~')))
        {
            return true;
        }

        errors[IdempotencyKeyHeader] = [$"An idempotency key has 1 to {MaxIdempotencyKeyLength} visible ASCII characters."];
        return false;
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "No such order.");
}
