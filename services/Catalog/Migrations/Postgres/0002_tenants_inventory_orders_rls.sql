-- The tenants Catalog serves, kept from Admin's tenant events: where each one's data lives and its plan's limits.
CREATE TABLE catalog.tenants (
    tenant_id          uuid        PRIMARY KEY,
    store              text        NOT NULL CHECK (store IN ('postgres', 'sqlite')),
    status             text        NOT NULL CHECK (status IN ('active', 'suspended', 'cancelled')),
    status_changed_at  timestamptz NOT NULL,
    plan_id            uuid        NOT NULL,
    max_products       integer     NOT NULL CHECK (max_products > 0),
    plan_changed_at    timestamptz NOT NULL,
    provisioned_at     timestamptz NOT NULL
);

ALTER TABLE catalog.products
    ADD COLUMN active     boolean NOT NULL DEFAULT true,
    ADD COLUMN deleted_at timestamptz;

CREATE TABLE catalog.inventory (
    tenant_id            uuid        NOT NULL,
    product_id           uuid        NOT NULL,
    available            integer     NOT NULL DEFAULT 0 CHECK (available >= 0),
    reserved             integer     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    low_stock_threshold  integer     NOT NULL DEFAULT 5 CHECK (low_stock_threshold >= 0),
    last_restocked_at    timestamptz,
    PRIMARY KEY (tenant_id, product_id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.products (tenant_id, id)
);

CREATE TABLE catalog.orders (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    number       bigint      NOT NULL,
    status       text        NOT NULL CHECK (status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled')),
    total_cents  bigint      NOT NULL CHECK (total_cents >= 0),
    currency     char(3)     NOT NULL,
    placed_at    timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number)
);

CREATE INDEX orders_tenant_placed_idx ON catalog.orders (tenant_id, placed_at DESC);

-- Row-level security is the second wall behind the queries' own tenant filter: requests run as catalog_tenant
-- (SET LOCAL ROLE) with app.tenant_id set for their transaction only, and see no other tenant's rows even if a
-- query forgot its filter. Roles are cluster-wide, so databases created side by side may race to create it.
DO $$
BEGIN
    CREATE ROLE catalog_tenant NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

GRANT catalog_tenant TO CURRENT_USER;
GRANT USAGE ON SCHEMA catalog TO catalog_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON catalog.products, catalog.inventory, catalog.orders TO catalog_tenant;
GRANT SELECT ON catalog.tenants TO catalog_tenant;
-- The outbox table is created after this migration (shared migrations sort last).
ALTER DEFAULT PRIVILEGES IN SCHEMA catalog GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO catalog_tenant;
ALTER DEFAULT PRIVILEGES IN SCHEMA catalog GRANT USAGE ON SEQUENCES TO catalog_tenant;

ALTER TABLE catalog.tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog.products ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog.inventory ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog.orders ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON catalog.tenants
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_isolation ON catalog.products
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_isolation ON catalog.inventory
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_isolation ON catalog.orders
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
