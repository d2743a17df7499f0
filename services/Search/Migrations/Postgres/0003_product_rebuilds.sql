-- A tenant's index rebuilt from Catalog is written here first, then merged into search.products in one transaction:
-- searches keep seeing the old index until that commit and the new one from it, never an empty or half-built one.
CREATE TABLE search.product_rebuilds (
    build_id    uuid        NOT NULL,
    tenant_id   uuid        NOT NULL,
    product_id  uuid        NOT NULL,
    name        text        NOT NULL,
    description text,
    category_id uuid,
    category    text,
    tags        text[]      NOT NULL,
    price_cents bigint      NOT NULL,
    currency    char(3)     NOT NULL,
    active      boolean     NOT NULL,
    version     bigint      NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (build_id, product_id)
);
