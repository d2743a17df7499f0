-- Per product and day (ISO date, UTC): views (counted in memory, flushed every few seconds) and sales (written by the delivery).
CREATE TABLE product_daily_stats (
    product_id  TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    views       INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0),
    orders      INTEGER NOT NULL DEFAULT 0 CHECK (orders >= 0),
    units_sold  INTEGER NOT NULL DEFAULT 0 CHECK (units_sold >= 0),
    PRIMARY KEY (product_id, day)
) STRICT;
