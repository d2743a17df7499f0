using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Catalog.Orders;

namespace Platform.Catalog.Tests;

/// <summary>The request fingerprint an idempotency key is stored with must not move under a release that adds fields.</summary>
public sealed class OrderFingerprintTests
{
    [Fact]
    public void An_order_without_a_customer_keeps_the_fingerprint_its_idempotency_key_was_stored_with_before_orders_had_customers()
    {
        var items = new List<NewOrderItem> { new(Guid.NewGuid(), 2) };
        var due = DateTimeOffset.UtcNow;
        var before = new { Items = items, Description = "Troca de tela", Priority = OrderPriority.High, DueAt = (DateTimeOffset?)due, Assignee = (string?)null };
        var fingerprintBefore = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(before))));

        Assert.Equal(fingerprintBefore, new NewOrder(items, "Troca de tela", OrderPriority.High, due, null, CustomerId: null).Fingerprint());
        Assert.NotEqual(fingerprintBefore, new NewOrder(items, "Troca de tela", OrderPriority.High, due, null, Guid.NewGuid()).Fingerprint());
    }
}
