using Microsoft.Data.Sqlite;
using Platform.Catalog.Orders;
using Platform.Contracts;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>
/// Orders in the tenant's file. Every write takes the file's write lock first (IMMEDIATE), so concurrent orders run one
/// after the other: the stock each sees is the stock there is, and nothing is oversold.
/// </summary>
public sealed class SqliteOrderStore(Guid tenantId, SqliteTenantDatabases databases, SqliteOutboxWriter outbox) : IOrderStore
{
    public async Task<PlaceOrderResult> PlaceAsync(OrderPlacement placement, CancellationToken cancellationToken)
    {
        var draft = placement.Draft;
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);

        if (placement.Key is { } key)
        {
            await using var claimed = Command(connection, transaction, "SELECT request_hash, order_id FROM idempotency_keys WHERE key = $key", ("$key", key.Key));
            await using var reader = await claimed.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var (hash, orderId) = (reader.GetString(0), Guid.Parse(reader.GetString(1)));
                return hash == key.RequestFingerprint && await SqliteOrderRows.FindAsync(connection, transaction, tenantId, orderId, cancellationToken) is { } first
                    ? new PlaceOrderResult.Replayed(first)
                    : new PlaceOrderResult.KeyReused();
            }
        }

        var products = new Dictionary<Guid, ProductSnapshot>();
        var available = new Dictionary<Guid, int>();
        foreach (var item in draft.Items)
        {
            await using var read = Command(connection, transaction, """
                SELECT p.name, p.price_cents, p.currency, coalesce(i.available, 0)
                FROM products p LEFT JOIN inventory i ON i.product_id = p.id
                WHERE p.id = $id AND p.deleted_at IS NULL AND p.active = 1
                """, ("$id", SqliteValues.Id(item.ProductId)));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                products[item.ProductId] = new ProductSnapshot(item.ProductId, reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
                available[item.ProductId] = reader.GetInt32(3);
            }
        }

        var unknown = draft.Items.Select(item => item.ProductId).Where(id => !products.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            return new PlaceOrderResult.UnknownProducts(unknown);
        }

        if (draft.CustomerId is { } customerId)
        {
            await using var customer = Command(connection, transaction, "SELECT 1 FROM customers WHERE id = $id AND anonymised_at IS NULL",
                ("$id", SqliteValues.Id(customerId)));
            if (await customer.ExecuteScalarAsync(cancellationToken) is null)
            {
                return new PlaceOrderResult.UnknownCustomer(customerId);
            }
        }

        var insufficient = draft.Items.Where(item => available[item.ProductId] < item.Quantity).Select(item => item.ProductId).ToList();
        if (insufficient.Count > 0)
        {
            return new PlaceOrderResult.InsufficientStock(insufficient);
        }

        var stock = new List<StockLevelChange>();
        foreach (var item in draft.Items)
        {
            await using var reserve = Command(connection, transaction, """
                UPDATE inventory SET available = available - $quantity, reserved = reserved + $quantity
                WHERE product_id = $id RETURNING available, reserved
                """, ("$id", SqliteValues.Id(item.ProductId)), ("$quantity", item.Quantity));
            await using var reader = await reserve.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            stock.Add(new StockLevelChange(item.ProductId, reader.GetInt32(0), reader.GetInt32(1)));
        }

        await using var numbering = Command(connection, transaction, "SELECT coalesce(max(number), 0) + 1 FROM orders");
        var number = (long)(await numbering.ExecuteScalarAsync(cancellationToken))!;
        var id = Guid.CreateVersion7();
        if (placement.Price(id, products, number) is not { } order)
        {
            return new PlaceOrderResult.MixedCurrencies();
        }

        await SqliteOrderRows.InsertAsync(connection, transaction, order, cancellationToken);
        if (placement.Key is { } claim)
        {
            await using var remember = Command(connection, transaction,
                "INSERT INTO idempotency_keys (key, request_hash, order_id, created_at) VALUES ($key, $hash, $order, $now)",
                ("$key", claim.Key), ("$hash", claim.RequestFingerprint), ("$order", SqliteValues.Id(order.Id)), ("$now", SqliteValues.Time(order.PlacedAt)));
            await remember.ExecuteNonQueryAsync(cancellationToken);
        }

        await outbox.EnqueueAsync(connection, transaction, placement.Announce(order, stock), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted(tenantId);
        return new PlaceOrderResult.Placed(order);
    }

    public async Task<MoveOrderResult> MoveAsync(
        Guid orderId,
        OrderStatus target,
        Func<Order, Order> move,
        Func<Order, OrderStatus, IReadOnlyList<StockLevelChange>, IReadOnlyList<IIntegrationEvent>> announce,
        CancellationToken cancellationToken)
    {
        await using var exclusive = await databases.BeginWriteAsync(tenantId, cancellationToken);
        var (connection, transaction) = (exclusive.Connection, exclusive.Transaction);
        if (await SqliteOrderRows.FindAsync(connection, transaction, tenantId, orderId, cancellationToken) is not { } order)
        {
            return new MoveOrderResult.NotFound();
        }

        if (!Order.CanMove(order.Status, target))
        {
            return new MoveOrderResult.InvalidTransition(order.Status);
        }

        var moved = move(order);
        await using (var update = Command(connection, transaction, """
            UPDATE orders SET status = $status, updated_at = $updated, completed_at = $completed, version = $version WHERE id = $id
            """,
            ("$id", SqliteValues.Id(orderId)),
            ("$status", moved.Status.ToString().ToLowerInvariant()),
            ("$updated", SqliteValues.Time(moved.UpdatedAt)),
            ("$completed", moved.CompletedAt is { } completed ? SqliteValues.Time(completed) : DBNull.Value),
            ("$version", moved.Version)))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var stock = new List<StockLevelChange>();
        var effect = Order.EffectOf(target);
        if (effect != StockEffect.None)
        {
            foreach (var item in order.Items)
            {
                // Released stock is available again; sold stock leaves the reservation for good.
                await using var change = Command(connection, transaction, $"""
                    UPDATE inventory SET reserved = reserved - $quantity{(effect == StockEffect.Release ? ", available = available + $quantity" : "")}
                    WHERE product_id = $id RETURNING available, reserved
                    """, ("$id", SqliteValues.Id(item.ProductId)), ("$quantity", item.Quantity));
                await using var reader = await change.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    stock.Add(new StockLevelChange(item.ProductId, reader.GetInt32(0), reader.GetInt32(1)));
                }
            }
        }

        if (target == OrderStatus.Delivered)
        {
            await SqliteAnalyticsStore.RecordSalesAsync(connection, transaction, order, DateOnly.FromDateTime(moved.UpdatedAt.UtcDateTime), cancellationToken);
        }

        await outbox.EnqueueAsync(connection, transaction, announce(moved, order.Status, stock), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted(tenantId);
        return new MoveOrderResult.Moved(moved);
    }

    public async Task<Order?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        return await SqliteOrderRows.FindAsync(connection, null, tenantId, orderId, cancellationToken);
    }

    public async Task<OrderPage> ListAsync(OrderStatus? status, Guid? customerId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        var statusName = (object?)status?.ToString().ToLowerInvariant() ?? DBNull.Value;
        var customer = customerId is { } wanted ? SqliteValues.Id(wanted) : (object)DBNull.Value;
        const string matching = "($status IS NULL OR status = $status) AND ($customer IS NULL OR customer_id = $customer)";
        await using var count = Command(connection, null, $"SELECT count(*) FROM orders WHERE {matching}", ("$status", statusName), ("$customer", customer));
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await using var select = Command(connection, null, $"""
            SELECT id FROM orders WHERE {matching}
            ORDER BY placed_at DESC, id DESC LIMIT $limit OFFSET $offset
            """, ("$status", statusName), ("$customer", customer), ("$limit", pageSize), ("$offset", (long)(page - 1) * pageSize));
        var ids = new List<Guid>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(Guid.Parse(reader.GetString(0)));
            }
        }

        var orders = new List<Order>();
        foreach (var id in ids)
        {
            orders.Add((await SqliteOrderRows.FindAsync(connection, null, tenantId, id, cancellationToken))!);
        }

        return new OrderPage(orders, total, page, pageSize);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new SqliteCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
