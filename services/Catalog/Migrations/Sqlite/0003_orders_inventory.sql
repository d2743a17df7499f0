-- Orders with their items, order numbers and idempotency keys; service-order fields (AxCell-OS).
ALTER TABLE orders ADD COLUMN description TEXT;
ALTER TABLE orders ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent'));
ALTER TABLE orders ADD COLUMN due_at INTEGER;
ALTER TABLE orders ADD COLUMN assignee TEXT;
ALTER TABLE orders ADD COLUMN completed_at INTEGER;
ALTER TABLE orders ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE order_items (
    order_id          TEXT    NOT NULL REFERENCES orders (id),
    product_id        TEXT    NOT NULL,
    product_name      TEXT    NOT NULL,
    quantity          INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents  INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    PRIMARY KEY (order_id, product_id)
) STRICT;

CREATE TABLE idempotency_keys (
    key           TEXT    PRIMARY KEY,
    request_hash  TEXT    NOT NULL,
    order_id      TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX orders_status_placed_idx ON orders (status, placed_at DESC);
