-- One shop's catalog in a file of its own: the file is the tenant wall, so no row carries a tenant id.
-- Ids are lowercase GUID text; times are microseconds since the Unix epoch (UTC), so they sort as numbers.
CREATE TABLE products (
    id           TEXT    PRIMARY KEY,
    name         TEXT    NOT NULL,
    description  TEXT,
    price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
    currency     TEXT    NOT NULL CHECK (length(currency) = 3),
    category     TEXT,
    tags         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    deleted_at   INTEGER,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX products_created_idx ON products (created_at DESC);

CREATE TABLE inventory (
    product_id           TEXT    PRIMARY KEY REFERENCES products (id),
    available            INTEGER NOT NULL DEFAULT 0 CHECK (available >= 0),
    reserved             INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    low_stock_threshold  INTEGER NOT NULL DEFAULT 5 CHECK (low_stock_threshold >= 0),
    last_restocked_at    INTEGER
) STRICT;

CREATE TABLE orders (
    id           TEXT    PRIMARY KEY,
    number       INTEGER NOT NULL UNIQUE,
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled')),
    total_cents  INTEGER NOT NULL CHECK (total_cents >= 0),
    currency     TEXT    NOT NULL CHECK (length(currency) = 3),
    placed_at    INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX orders_placed_idx ON orders (placed_at DESC);

-- Integration events written in the same transaction as the change; SqliteOutboxRelay publishes them.
-- AUTOINCREMENT: a sequence is never reused after published rows are deleted, so order holds across cleanups.
CREATE TABLE outbox_messages (
    sequence      INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT    NOT NULL UNIQUE,
    message_type  TEXT    NOT NULL,
    payload       TEXT    NOT NULL,
    trace_parent  TEXT,
    trace_state   TEXT,
    occurred_at   INTEGER NOT NULL,
    published_at  INTEGER
) STRICT;

CREATE INDEX outbox_messages_pending_idx ON outbox_messages (sequence) WHERE published_at IS NULL;

-- At most one relay publishes a file's outbox at a time, without holding SQLite's write lock while it waits on the
-- broker: a lease that expires if its holder dies.
CREATE TABLE outbox_lease (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    holder      TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT;
