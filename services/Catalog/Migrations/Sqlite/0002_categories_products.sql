-- Categories: a tree in the shop's file; a slug names each one uniquely.
CREATE TABLE categories (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    slug        TEXT    NOT NULL UNIQUE,
    parent_id   TEXT    REFERENCES categories (id),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX categories_parent_idx ON categories (parent_id) WHERE parent_id IS NOT NULL;

-- name_key: the name folded (lowercase, no accents) by the service; SQLite's BINARY order is PostgreSQL's "C" order.
ALTER TABLE products ADD COLUMN category_id TEXT REFERENCES categories (id);
ALTER TABLE products ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN specifications TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(specifications));
ALTER TABLE products ADD COLUMN images TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(images));

-- The free-text categories written so far become categories; their slugs are placeholders to rename.
INSERT INTO categories (id, name, slug, created_at, updated_at)
SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
       category, 'category-' || row_number() OVER (ORDER BY category), now_us, now_us
FROM (SELECT DISTINCT category, hex(randomblob(16)) AS h, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER) AS now_us
      FROM (SELECT DISTINCT category FROM products WHERE category IS NOT NULL));

-- Rows written before this migration get an approximate key (ASCII lowercase only) until their next change.
UPDATE products
SET category_id = (SELECT c.id FROM categories c WHERE c.name = products.category),
    name_key = lower(name);

ALTER TABLE products DROP COLUMN category;

-- The list endpoint's orders and filters over live products, each ending in id for a stable order.
DROP INDEX products_created_idx;
CREATE INDEX products_live_created_idx ON products (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX products_live_name_idx ON products (name_key, id) WHERE deleted_at IS NULL;
CREATE INDEX products_live_price_idx ON products (price_cents, id) WHERE deleted_at IS NULL;
CREATE INDEX products_live_category_idx ON products (category_id) WHERE deleted_at IS NULL AND category_id IS NOT NULL;
