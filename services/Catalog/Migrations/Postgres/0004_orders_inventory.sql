-- Orders with their items, per-tenant order numbers and idempotency keys; service-order fields (AxCell-OS).
ALTER TABLE catalog.orders
    ADD COLUMN description   text,
    ADD COLUMN priority      text        NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    ADD COLUMN due_at        timestamptz,
    ADD COLUMN assignee      text,
    ADD COLUMN completed_at  timestamptz,
    ADD COLUMN version       bigint      NOT NULL DEFAULT 1;

CREATE TABLE catalog.order_items (
    tenant_id         uuid    NOT NULL,
    order_id          uuid    NOT NULL,
    product_id        uuid    NOT NULL,
    product_name      text    NOT NULL,
    quantity          integer NOT NULL CHECK (quantity > 0),
    unit_price_cents  bigint  NOT NULL CHECK (unit_price_cents >= 0),
    PRIMARY KEY (tenant_id, order_id, product_id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES catalog.orders (tenant_id, id)
);

CREATE TABLE catalog.order_numbers (
    tenant_id  uuid   PRIMARY KEY,
    last       bigint NOT NULL
);

-- A retried order creation returns the first order: the key and a hash of the request are kept with it.
CREATE TABLE catalog.idempotency_keys (
    tenant_id     uuid        NOT NULL,
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    order_id      uuid        NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

CREATE INDEX orders_tenant_status_placed_idx ON catalog.orders (tenant_id, status, placed_at DESC);
CREATE INDEX inventory_low_stock_idx ON catalog.inventory (tenant_id) WHERE available <= low_stock_threshold;

GRANT SELECT, INSERT, UPDATE, DELETE ON catalog.order_items, catalog.order_numbers, catalog.idempotency_keys TO catalog_tenant;
ALTER TABLE catalog.order_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog.order_numbers ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog.idempotency_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON catalog.order_items
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_isolation ON catalog.order_numbers
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_isolation ON catalog.idempotency_keys
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
