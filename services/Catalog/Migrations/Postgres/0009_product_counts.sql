-- Each tenant's live product count, kept by the product writes themselves: checking max_products reads one row
-- instead of counting the shop's products on every creation.
CREATE TABLE catalog.product_counts (
    tenant_id  uuid   PRIMARY KEY,
    live       bigint NOT NULL CHECK (live >= 0)
);

INSERT INTO catalog.product_counts (tenant_id, live)
SELECT tenant_id, count(*) FROM catalog.products WHERE deleted_at IS NULL GROUP BY tenant_id;

GRANT SELECT, INSERT, UPDATE, DELETE ON catalog.product_counts TO catalog_tenant;
ALTER TABLE catalog.product_counts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON catalog.product_counts
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
