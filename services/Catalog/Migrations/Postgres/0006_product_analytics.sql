-- Per product and day: views (counted in memory, flushed every few seconds) and sales (written by the delivery).
CREATE TABLE catalog.product_daily_stats (
    tenant_id   uuid   NOT NULL,
    product_id  uuid   NOT NULL,
    day         date   NOT NULL,
    views       bigint NOT NULL DEFAULT 0 CHECK (views >= 0),
    orders      bigint NOT NULL DEFAULT 0 CHECK (orders >= 0),
    units_sold  bigint NOT NULL DEFAULT 0 CHECK (units_sold >= 0),
    PRIMARY KEY (tenant_id, product_id, day)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON catalog.product_daily_stats TO catalog_tenant;
ALTER TABLE catalog.product_daily_stats ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON catalog.product_daily_stats
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
