using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Catalog.Orders;

public sealed record CreateOrderItemRequest(Guid? ProductId, int? Quantity);

public sealed record CreateOrderRequest(
    IReadOnlyList<CreateOrderItemRequest?>? Items,
    string? Description,
    string? Priority,
    DateTimeOffset? DueAt,
    string? Assignee,
    Guid? CustomerId);

public sealed record NewOrderItem(Guid ProductId, int Quantity);

/// <summary>
/// A validated order draft: distinct products (a repeated one is merged), positive bounded quantities, and the customer
/// it is for, if any (whether the shop has that customer is the store's to check, in the order's transaction).
/// </summary>
public sealed record NewOrder(
    IReadOnlyList<NewOrderItem> Items,
    string? Description,
    OrderPriority Priority,
    DateTimeOffset? DueAt,
    string? Assignee,
    // Left out of the fingerprint when absent, so a key stored before orders had customers still replays its order.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? CustomerId)
{
    public const int MaxItems = 100;
    public const int MaxQuantity = 10_000;
    public const int MaxDescriptionLength = 4000;
    public const int MaxAssigneeLength = 200;

    public static bool TryCreate(CreateOrderRequest request, out NewOrder order, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var items = request.Items ?? [];
        if (items.Count == 0 || items.Count > MaxItems)
        {
            errors["items"] = [$"An order has between 1 and {MaxItems} items."];
        }
        else if (items.Any(item => item?.ProductId is null || item.ProductId == Guid.Empty))
        {
            errors["items"] = ["Every item names a productId."];
        }
        else if (items.Any(item => item!.Quantity is null or < 1 or > MaxQuantity))
        {
            errors["items"] = [$"Every item has a quantity between 1 and {MaxQuantity}."];
        }

        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        if (description?.Length > MaxDescriptionLength || description?.Contains('\0', StringComparison.Ordinal) == true)
        {
            errors["description"] = [$"A description has at most {MaxDescriptionLength} characters and no NUL."];
        }

        var assignee = string.IsNullOrWhiteSpace(request.Assignee) ? null : request.Assignee.Trim();
        if (assignee?.Length > MaxAssigneeLength || assignee?.Contains('\0', StringComparison.Ordinal) == true)
        {
            errors["assignee"] = [$"An assignee has at most {MaxAssigneeLength} characters and no NUL."];
        }

        if (request.CustomerId == Guid.Empty)
        {
            errors["customerId"] = ["A customerId names one of the shop's customers."];
        }

        var priority = OrderPriority.Normal;
        if (request.Priority is not null && (!Enum.TryParse(request.Priority, ignoreCase: true, out priority) || int.TryParse(request.Priority, out _)))
        {
            errors["priority"] = ["The priority is one of: low, normal, high, urgent."];
        }

        order = errors.Count == 0
            ? new NewOrder(
                items.GroupBy(item => item!.ProductId!.Value)
                    .Select(group => new NewOrderItem(group.Key, group.Sum(item => item!.Quantity!.Value)))
                    .OrderBy(item => item.ProductId)
                    .ToList(),
                description,
                priority,
                request.DueAt,
                assignee,
                request.CustomerId)
            : null!;
        if (order?.Items.Any(item => item.Quantity > MaxQuantity) == true)
        {
            errors["items"] = [$"Every product has a quantity of at most {MaxQuantity}."];
            order = null!;
        }

        return errors.Count == 0;
    }

    /// <summary>Identifies the request behind an idempotency key, so a key reused for another order is recognised.</summary>
    public string Fingerprint() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this))));
}
