-- Files kept in object storage, recorded once their upload is confirmed: service-order attachments (customers'
-- files) and the invoice generated when an order is confirmed. The bytes live in the private bucket under
-- tenants/{tenant-id}/; these rows are what makes an object part of the order.
CREATE TABLE catalog.order_attachments (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    order_id      uuid        NOT NULL,
    key           text        NOT NULL,
    file_name     text        NOT NULL,
    content_type  text        NOT NULL,
    size_bytes    bigint      NOT NULL CHECK (size_bytes >= 0),
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, key),
    FOREIGN KEY (tenant_id, order_id) REFERENCES catalog.orders (tenant_id, id)
);

CREATE INDEX order_attachments_order_idx ON catalog.order_attachments (tenant_id, order_id, created_at);

-- One invoice per order, written once by the OrderConfirmed consumer after its document is stored.
CREATE TABLE catalog.invoices (
    tenant_id     uuid        NOT NULL,
    order_id      uuid        NOT NULL,
    key           text        NOT NULL,
    content_type  text        NOT NULL,
    size_bytes    bigint      NOT NULL CHECK (size_bytes >= 0),
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, order_id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES catalog.orders (tenant_id, id)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON catalog.order_attachments, catalog.invoices TO catalog_tenant;
ALTER TABLE catalog.order_attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog.invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON catalog.order_attachments
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_isolation ON catalog.invoices
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
