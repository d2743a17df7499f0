-- Categories: a tree per tenant; a slug names each one uniquely within its shop.
CREATE TABLE catalog.categories (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    name        text        NOT NULL,
    slug        text        NOT NULL,
    parent_id   uuid,
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES catalog.categories (tenant_id, id)
);

CREATE INDEX categories_parent_idx ON catalog.categories (tenant_id, parent_id) WHERE parent_id IS NOT NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON catalog.categories TO catalog_tenant;
ALTER TABLE catalog.categories ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON catalog.categories
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- name_key: the name folded (lowercase, no accents) by the service, compared byte by byte ("C") so that both stores
-- sort and match names alike. Specifications are json, not jsonb, so a product reads back exactly as it was written.
ALTER TABLE catalog.products
    ADD COLUMN category_id     uuid,
    ADD COLUMN name_key        text COLLATE "C",
    ADD COLUMN specifications  json   NOT NULL DEFAULT '{}',
    ADD COLUMN images          text[] NOT NULL DEFAULT '{}',
    ADD FOREIGN KEY (tenant_id, category_id) REFERENCES catalog.categories (tenant_id, id);

-- The free-text categories written so far become categories of their shop; their slugs are placeholders to rename.
INSERT INTO catalog.categories (tenant_id, id, name, slug, created_at, updated_at)
SELECT tenant_id, gen_random_uuid(), category, 'category-' || row_number() OVER (PARTITION BY tenant_id ORDER BY category), now(), now()
FROM (SELECT DISTINCT tenant_id, category FROM catalog.products WHERE category IS NOT NULL) legacy;

-- Rows written before this migration get an approximate key (lowercase only) until their next change.
UPDATE catalog.products p
SET category_id = (SELECT c.id FROM catalog.categories c WHERE c.tenant_id = p.tenant_id AND c.name = p.category),
    name_key = lower(p.name);

ALTER TABLE catalog.products
    ALTER COLUMN name_key SET NOT NULL,
    DROP COLUMN category;

-- The list endpoint's orders and filters over live products, each ending in id for a stable order.
DROP INDEX catalog.products_tenant_created_idx;
CREATE INDEX products_live_created_idx ON catalog.products (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX products_live_name_idx ON catalog.products (tenant_id, name_key, id) WHERE deleted_at IS NULL;
CREATE INDEX products_live_price_idx ON catalog.products (tenant_id, price_cents, id) WHERE deleted_at IS NULL;
CREATE INDEX products_live_category_idx ON catalog.products (tenant_id, category_id) WHERE deleted_at IS NULL AND category_id IS NOT NULL;
CREATE INDEX products_live_tags_idx ON catalog.products USING gin (tags) WHERE deleted_at IS NULL;
