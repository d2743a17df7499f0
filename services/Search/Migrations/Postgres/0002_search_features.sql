-- Accents are folded inside the text search configuration itself, so ts_headline marks "Calçados" for a query "calcado"
-- exactly as the document matched it.
CREATE TEXT SEARCH CONFIGURATION search.portuguese_unaccent (COPY = pg_catalog.portuguese);
ALTER TEXT SEARCH CONFIGURATION search.portuguese_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, portuguese_stem;

DROP INDEX search.products_document_idx;
ALTER TABLE search.products DROP COLUMN document;

ALTER TABLE search.products
    ADD COLUMN category_id   uuid,
    ADD COLUMN active        boolean     NOT NULL DEFAULT true,
    -- A deleted product stays as a tombstone carrying the delete's version, so a late older event cannot revive it.
    ADD COLUMN deleted       boolean     NOT NULL DEFAULT false,
    -- ProductPriceChanged may arrive before or after the ProductUpdated of the same version.
    ADD COLUMN price_version bigint      NOT NULL DEFAULT 0,
    ADD COLUMN created_at    timestamptz,
    ADD COLUMN name_key      text GENERATED ALWAYS AS (lower(search.immutable_unaccent(name))) STORED,
    ADD COLUMN document      tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('search.portuguese_unaccent'::regconfig, name), 'A') ||
        setweight(to_tsvector('search.portuguese_unaccent'::regconfig, search.words(tags)), 'B') ||
        setweight(to_tsvector('search.portuguese_unaccent'::regconfig, coalesce(description, '')), 'C')
    ) STORED;

UPDATE search.products SET created_at = updated_at, price_version = version;
ALTER TABLE search.products ALTER COLUMN created_at SET NOT NULL;

CREATE INDEX products_document_idx ON search.products USING gin (document);
-- Typo-tolerant matching and autocomplete: trigrams of the folded name (LIKE, %> word similarity).
CREATE INDEX products_name_trgm_idx ON search.products USING gin (name_key public.gin_trgm_ops);
CREATE INDEX products_tags_idx ON search.products USING gin (tags);

-- Categories are kept apart from products: a rename is one row, ordered by its own version.
CREATE TABLE search.categories (
    tenant_id   uuid    NOT NULL,
    category_id uuid    NOT NULL,
    name        text    NOT NULL,
    deleted     boolean NOT NULL DEFAULT false,
    version     bigint  NOT NULL,
    PRIMARY KEY (tenant_id, category_id)
);

-- Stock levels carry no version; the time Catalog changed them orders them.
CREATE TABLE search.stock (
    tenant_id  uuid        NOT NULL,
    product_id uuid        NOT NULL,
    available  integer     NOT NULL,
    as_of      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, product_id)
);

CREATE TABLE search.popularity (
    tenant_id  uuid   NOT NULL,
    product_id uuid   NOT NULL,
    units      bigint NOT NULL,
    PRIMARY KEY (tenant_id, product_id)
);

-- Events whose effect is additive (units sold) are applied once: their ids are remembered here.
CREATE TABLE search.applied_events (
    event_id   uuid        PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applied_events_applied_at_idx ON search.applied_events (applied_at);
