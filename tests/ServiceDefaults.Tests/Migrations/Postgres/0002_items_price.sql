ALTER TABLE probe.items ADD COLUMN price_cents bigint NOT NULL DEFAULT 0;
