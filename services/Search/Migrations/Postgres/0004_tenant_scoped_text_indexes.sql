-- Text and trigram indexes keyed by tenant first (btree_gin), so a search scans its own shop's entries and not every
-- shop's matches only to drop them afterwards.
CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;

CREATE INDEX products_tenant_document_idx ON search.products USING gin (tenant_id, document);
CREATE INDEX products_tenant_name_trgm_idx ON search.products USING gin (tenant_id, name_key public.gin_trgm_ops);
CREATE INDEX products_tenant_tags_idx ON search.products USING gin (tenant_id, tags);
DROP INDEX search.products_document_idx;
DROP INDEX search.products_name_trgm_idx;
DROP INDEX search.products_tags_idx;
