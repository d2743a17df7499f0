using Npgsql;
using NpgsqlTypes;
using Platform.Catalog.Orders;
using Platform.Contracts;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Catalog.Stores.Postgres;

/// <summary>
/// Orders in the shared database. Placing one locks the stock rows it takes in product order (so concurrent orders
/// queue instead of deadlocking), reserves only what is available (so stock never goes negative and nothing is
/// oversold), and writes the order, its items and its events in the same transaction.
/// </summary>
public sealed class PostgresOrderStore(Guid tenantId, NpgsqlDataSource dataSource, OutboxWriter outbox) : IOrderStore
{
    private const string OrderColumns = PostgresOrderRows.Columns;

    /// <summary>
    /// Two round trips after the order number: one takes the idempotency key, reads the prices, locks the customer and
    /// reserves the stock; the other writes the order, its items and its events and commits. The batches open and close
    /// the transaction themselves (BEGIN ... COMMIT); a refusal in between returns with it open, and the connection
    /// rolls it back as it goes back to the pool.
    /// </summary>
    public async Task<PlaceOrderResult> PlaceAsync(OrderPlacement placement, CancellationToken cancellationToken)
    {
        var draft = placement.Draft;
        var orderId = Guid.CreateVersion7();
        var number = await NextNumberAsync(cancellationToken);
        var productIds = draft.Items.Select(item => item.ProductId).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        var products = new Dictionary<Guid, ProductSnapshot>();
        var stock = new List<StockLevelChange>();
        bool keyTaken, customerFound;
        await using (var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN"),
                PostgresTenantScope.Enter(tenantId),
                ClaimKey(placement.Key, orderId),
                ReadProducts(productIds),
                LockCustomer(draft.CustomerId),
                Reserve(productIds, draft.Items.Select(item => item.Quantity).ToArray()),
            },
        })
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken); // past the tenant scope
            keyTaken = await reader.ReadAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                products[reader.GetGuid(0)] = new ProductSnapshot(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3));
            }

            await reader.NextResultAsync(cancellationToken);
            customerFound = await reader.ReadAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stock.Add(new StockLevelChange(reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2)));
            }
        }

        if (placement.Key is { } key && !keyTaken)
        {
            // Whoever holds the key has committed (the claim waited for it); this transaction is undone before reading theirs.
            await using (var rollback = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand("ROLLBACK") } })
            {
                await rollback.ExecuteNonQueryAsync(cancellationToken);
            }

            return await ReplayAsync(connection, key, cancellationToken);
        }

        var unknown = productIds.Where(id => !products.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            return new PlaceOrderResult.UnknownProducts(unknown);
        }

        if (!customerFound)
        {
            return new PlaceOrderResult.UnknownCustomer(draft.CustomerId!.Value);
        }

        if (stock.Count < productIds.Length)
        {
            return new PlaceOrderResult.InsufficientStock(productIds.Except(stock.Select(level => level.ProductId)).ToList());
        }

        if (placement.Price(orderId, products, number) is not { } order)
        {
            return new PlaceOrderResult.MixedCurrencies();
        }

        await using (var write = new NpgsqlBatch(connection))
        {
            write.BatchCommands.Add(InsertOrder(order));
            write.BatchCommands.Add(InsertItems(order));
            foreach (var command in outbox.CommandsFor(placement.Announce(order, stock)))
            {
                write.BatchCommands.Add(command);
            }

            write.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        outbox.NotifyCommitted();
        return new PlaceOrderResult.Placed(order);
    }

    public async Task<MoveOrderResult> MoveAsync(
        Guid orderId,
        OrderStatus target,
        Func<Order, Order> move,
        Func<Order, OrderStatus, IReadOnlyList<StockLevelChange>, IReadOnlyList<IIntegrationEvent>> announce,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await PostgresOrderRows.ReadAsync(connection, transaction, tenantId, [orderId], forUpdate: true, cancellationToken);
        if (current.Count == 0)
        {
            return new MoveOrderResult.NotFound();
        }

        var order = current[0];
        if (!Order.CanMove(order.Status, target))
        {
            return new MoveOrderResult.InvalidTransition(order.Status);
        }

        var moved = move(order);
        var stock = new List<StockLevelChange>();
        var effect = Order.EffectOf(target);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                UPDATE catalog.orders SET status = $3, updated_at = $4, completed_at = $5, version = $6
                WHERE tenant_id = $1 AND id = $2
                """)
            {
                Parameters =
                {
                    new() { Value = tenantId },
                    new() { Value = orderId },
                    new() { Value = PostgresOrderRows.Name(moved.Status) },
                    new() { Value = moved.UpdatedAt },
                    new() { Value = (object?)moved.CompletedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                    new() { Value = moved.Version },
                },
            });
            if (effect != StockEffect.None)
            {
                // Released stock is available again; sold stock leaves the reservation for good.
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
                    UPDATE catalog.inventory i
                    SET reserved = i.reserved - t.quantity{(effect == StockEffect.Release ? ", available = i.available + t.quantity" : "")}
                    FROM unnest($2::uuid[], $3::int[]) AS t (product_id, quantity)
                    WHERE i.tenant_id = $1 AND i.product_id = t.product_id
                    RETURNING i.product_id, i.available, i.reserved
                    """)
                {
                    Parameters =
                    {
                        new() { Value = tenantId },
                        new() { Value = order.Items.Select(item => item.ProductId).ToArray() },
                        new() { Value = order.Items.Select(item => item.Quantity).ToArray() },
                    },
                });
            }

            if (target == OrderStatus.Delivered)
            {
                batch.BatchCommands.Add(PostgresAnalyticsStore.RecordSales(tenantId, order, DateOnly.FromDateTime(moved.UpdatedAt.UtcDateTime)));
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (await reader.NextResultAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    stock.Add(new StockLevelChange(reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2)));
                }
            }
        }

        await outbox.EnqueueAsync(connection, transaction, announce(moved, order.Status, stock), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NotifyCommitted();
        return new MoveOrderResult.Moved(moved);
    }

    public async Task<Order?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = await PostgresOrderRows.ReadAsync(connection, null, tenantId, [orderId], forUpdate: false, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<OrderPage> ListAsync(OrderStatus? status, Guid? customerId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var select = new NpgsqlBatchCommand("""
            SELECT id, count(*) OVER () FROM catalog.orders
            WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($5::uuid IS NULL OR customer_id = $5)
            ORDER BY placed_at DESC, id DESC OFFSET $3 LIMIT $4
            """)
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = status is null ? DBNull.Value : PostgresOrderRows.Name(status.Value), NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (long)(page - 1) * pageSize },
                new() { Value = pageSize },
                new() { Value = (object?)customerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
            },
        };
        var ids = new List<Guid>();
        long total = 0;
        await using (var batch = PostgresTenantScope.Batch(connection, null, tenantId, select))
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
                total = reader.GetInt64(1);
            }
        }

        if (ids.Count == 0 && page > 1)
        {
            await using var count = PostgresTenantScope.Batch(connection, null, tenantId, new NpgsqlBatchCommand(
                "SELECT count(*) FROM catalog.orders WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR customer_id = $3)")
            {
                Parameters = { select.Parameters[0].Clone(), select.Parameters[1].Clone(), select.Parameters[4].Clone() },
            });
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            total = reader.GetInt64(0);
        }

        var orders = ids.Count == 0 ? [] : await PostgresOrderRows.ReadAsync(connection, null, tenantId, ids, forUpdate: false, cancellationToken);
        return new OrderPage(orders, total, page, pageSize);
    }

    /// <summary>
    /// The tenant's next order number, taken in a transaction of its own: the counter row is every order's, so it is
    /// locked for an instant instead of for a whole order. An order that fails afterwards leaves a gap in the numbers.
    /// Its commit need not wait for the disk: the order's own (synchronous) commit comes later in the log and flushes it
    /// too, so a number is never lost once an order carries it. It is taken before the order opens its own connection, so
    /// no order ever holds two connections at once (many concurrent orders would otherwise drain the pool waiting for a
    /// second one).
    /// </summary>
    private async Task<long> NextNumberAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var asynchronous = new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)");
        var next = new NpgsqlBatchCommand("""
            INSERT INTO catalog.order_numbers (tenant_id, last) VALUES ($1, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET last = catalog.order_numbers.last + 1
            RETURNING last
            """) { Parameters = { new() { Value = tenantId } } };
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, asynchronous, next);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0);
    }

    /// <summary>Reads the key's first order on the placement's own connection, its transaction rolled back.</summary>
    private async Task<PlaceOrderResult> ReplayAsync(NpgsqlConnection connection, IdempotencyKey key, CancellationToken cancellationToken)
    {
        var select = new NpgsqlBatchCommand("SELECT request_hash, order_id FROM catalog.idempotency_keys WHERE tenant_id = $1 AND key = $2")
        {
            Parameters = { new() { Value = tenantId }, new() { Value = key.Key } },
        };
        string hash;
        Guid orderId;
        await using (var batch = PostgresTenantScope.Batch(connection, null, tenantId, select))
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (hash, orderId) = (reader.GetString(0), reader.GetGuid(1));
        }

        if (hash != key.RequestFingerprint)
        {
            return new PlaceOrderResult.KeyReused();
        }

        var first = await PostgresOrderRows.ReadAsync(connection, null, tenantId, [orderId], forUpdate: false, cancellationToken);
        return first.Count == 1 ? new PlaceOrderResult.Replayed(first[0]) : new PlaceOrderResult.KeyReused();
    }

    private NpgsqlBatchCommand ClaimKey(IdempotencyKey? key, Guid orderId) => key is null
        ? new NpgsqlBatchCommand("SELECT 1")
        : new NpgsqlBatchCommand("""
            INSERT INTO catalog.idempotency_keys (tenant_id, key, request_hash, order_id, created_at) VALUES ($1, $2, $3, $4, now())
            ON CONFLICT (tenant_id, key) DO NOTHING
            RETURNING 1
            """) { Parameters = { new() { Value = tenantId }, new() { Value = key.Key }, new() { Value = key.RequestFingerprint }, new() { Value = orderId } } };

    private NpgsqlBatchCommand ReadProducts(Guid[] productIds) => new("""
        SELECT id, name, price_cents, currency FROM catalog.products
        WHERE tenant_id = $1 AND id = ANY($2) AND deleted_at IS NULL AND active
        """) { Parameters = { new() { Value = tenantId }, new() { Value = productIds } } };

    private NpgsqlBatchCommand LockCustomer(Guid? customerId) => customerId is null
        ? new NpgsqlBatchCommand("SELECT 1")
        : PostgresCustomerStore.LockActive(tenantId, customerId.Value);

    /// <summary>
    /// The stock rows are the contended ones: they are locked last, in product order (no deadlock between two orders),
    /// and only where the whole quantity is there, so a short item reserves nothing at all.
    /// </summary>
    private NpgsqlBatchCommand Reserve(Guid[] productIds, int[] quantities) => new("""
        WITH wanted AS (
            SELECT t.product_id, t.quantity FROM unnest($2::uuid[], $3::int[]) AS t (product_id, quantity)
        ), locked AS (
            SELECT i.product_id FROM catalog.inventory i JOIN wanted w ON w.product_id = i.product_id
            WHERE i.tenant_id = $1 AND i.available >= w.quantity
            ORDER BY i.product_id FOR UPDATE OF i
        )
        UPDATE catalog.inventory i SET available = i.available - w.quantity, reserved = i.reserved + w.quantity
        FROM wanted w, locked l
        WHERE i.tenant_id = $1 AND i.product_id = w.product_id AND l.product_id = w.product_id AND i.available >= w.quantity
        RETURNING i.product_id, i.available, i.reserved
        """) { Parameters = { new() { Value = tenantId }, new() { Value = productIds }, new() { Value = quantities } } };

    private NpgsqlBatchCommand InsertOrder(Order order) => new($"""
        INSERT INTO catalog.orders (tenant_id, {OrderColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
        """)
    {
        Parameters =
        {
            new() { Value = tenantId },
            new() { Value = order.Id },
            new() { Value = order.Number },
            new() { Value = PostgresOrderRows.Name(order.Status) },
            new() { Value = order.TotalCents },
            new() { Value = order.Currency },
            new() { Value = (object?)order.Description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = PostgresOrderRows.Name(order.Priority) },
            new() { Value = (object?)order.DueAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new() { Value = (object?)order.Assignee ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = order.PlacedAt },
            new() { Value = order.UpdatedAt },
            new() { Value = (object?)order.CompletedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new() { Value = order.Version },
            new() { Value = (object?)order.CustomerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
        },
    };

    private NpgsqlBatchCommand InsertItems(Order order) => new("""
        INSERT INTO catalog.order_items (tenant_id, order_id, product_id, product_name, quantity, unit_price_cents)
        SELECT $1, $2, * FROM unnest($3::uuid[], $4::text[], $5::int[], $6::bigint[])
        """)
    {
        Parameters =
        {
            new() { Value = tenantId },
            new() { Value = order.Id },
            new() { Value = order.Items.Select(item => item.ProductId).ToArray() },
            new() { Value = order.Items.Select(item => item.ProductName).ToArray() },
            new() { Value = order.Items.Select(item => item.Quantity).ToArray() },
            new() { Value = order.Items.Select(item => item.UnitPriceCents).ToArray() },
        },
    };
}
