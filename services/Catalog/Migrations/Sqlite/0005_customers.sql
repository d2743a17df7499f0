-- The shop's customers with their contact data. email is lower-case and unique among customers who still have one
-- (anonymisation clears it, so the address can be used again); name_key is the name folded by the service.
CREATE TABLE customers (
    id             TEXT    PRIMARY KEY,
    name           TEXT    NOT NULL,
    name_key       TEXT    NOT NULL,
    email          TEXT,
    phone          TEXT,
    document       TEXT,
    address        TEXT    CHECK (address IS NULL OR json_valid(address)),
    notes          TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    anonymised_at  INTEGER,
    CHECK (anonymised_at IS NULL OR (email IS NULL AND phone IS NULL AND document IS NULL AND address IS NULL AND notes IS NULL))
) STRICT;

CREATE UNIQUE INDEX customers_email_key ON customers (email) WHERE email IS NOT NULL;
CREATE INDEX customers_name_idx ON customers (name_key, id);

-- An order may name its customer; anonymisation detaches the orders (customer_id back to NULL), never deletes them.
ALTER TABLE orders ADD COLUMN customer_id TEXT REFERENCES customers (id);
CREATE INDEX orders_customer_idx ON orders (customer_id, placed_at DESC) WHERE customer_id IS NOT NULL;
