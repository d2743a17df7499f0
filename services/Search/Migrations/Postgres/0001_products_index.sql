CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes it safe
-- to use in a generated column and an index.
CREATE FUNCTION search.immutable_unaccent(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, value);

CREATE FUNCTION search.words(value text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN array_to_string(value, ' ');

CREATE TABLE search.products (
    tenant_id    uuid        NOT NULL,
    product_id   uuid        NOT NULL,
    name         text        NOT NULL,
    description  text,
    category     text,
    tags         text[]      NOT NULL DEFAULT '{}',
    price_cents  bigint      NOT NULL,
    currency     char(3)     NOT NULL,
    version      bigint      NOT NULL,
    updated_at   timestamptz NOT NULL,
    document     tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('portuguese'::regconfig, search.immutable_unaccent(name)), 'A') ||
        setweight(to_tsvector('portuguese'::regconfig, search.immutable_unaccent(search.words(tags))), 'B') ||
        setweight(to_tsvector('portuguese'::regconfig, search.immutable_unaccent(coalesce(description, ''))), 'C')
    ) STORED,
    PRIMARY KEY (tenant_id, product_id)
);

CREATE INDEX products_document_idx ON search.products USING gin (document);
