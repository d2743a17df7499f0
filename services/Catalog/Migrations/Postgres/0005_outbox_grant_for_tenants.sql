-- Databases whose outbox table predates 0002 missed its default privileges: requests running as catalog_tenant
-- write their events there too. (A new database gets them from 0002's default privileges.)
DO $$
BEGIN
    IF to_regclass('catalog.outbox_messages') IS NOT NULL THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON catalog.outbox_messages TO catalog_tenant;
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA catalog TO catalog_tenant;
    END IF;
END
$$;
