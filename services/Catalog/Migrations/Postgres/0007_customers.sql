-- A shop's customers with their contact data. email is lower-case; unique in the shop among customers who still have
-- one (anonymisation clears it, so the address can be used again). name_key is the name folded by the service and
-- compared byte by byte ("C"), as for products. address is json, not jsonb, so it reads back as written.
CREATE TABLE catalog.customers (
    tenant_id      uuid        NOT NULL,
    id             uuid        NOT NULL,
    name           text        NOT NULL,
    name_key       text        COLLATE "C" NOT NULL,
    email          text        COLLATE "C",
    phone          text,
    document       text,
    address        json,
    notes          text,
    version        bigint      NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    anonymised_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    CHECK (anonymised_at IS NULL OR (email IS NULL AND phone IS NULL AND document IS NULL AND address IS NULL AND notes IS NULL))
);

CREATE UNIQUE INDEX customers_email_key ON catalog.customers (tenant_id, email) WHERE email IS NOT NULL;
CREATE INDEX customers_name_idx ON catalog.customers (tenant_id, name_key, id);

-- An order may name its customer; anonymisation detaches the orders (customer_id back to NULL), never deletes them.
ALTER TABLE catalog.orders
    ADD COLUMN customer_id uuid,
    ADD FOREIGN KEY (tenant_id, customer_id) REFERENCES catalog.customers (tenant_id, id);

CREATE INDEX orders_tenant_customer_idx ON catalog.orders (tenant_id, customer_id, placed_at DESC) WHERE customer_id IS NOT NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON catalog.customers TO catalog_tenant;
ALTER TABLE catalog.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON catalog.customers
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
