-- Files kept in object storage, recorded once their upload is confirmed: service-order attachments (customers'
-- files) and the invoice generated when an order is confirmed.
CREATE TABLE order_attachments (
    id            TEXT    PRIMARY KEY,
    order_id      TEXT    NOT NULL REFERENCES orders (id),
    key           TEXT    NOT NULL UNIQUE,
    file_name     TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size_bytes    INTEGER NOT NULL CHECK (size_bytes >= 0),
    created_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX order_attachments_order_idx ON order_attachments (order_id, created_at);

CREATE TABLE invoices (
    order_id      TEXT    PRIMARY KEY REFERENCES orders (id),
    key           TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size_bytes    INTEGER NOT NULL CHECK (size_bytes >= 0),
    created_at    INTEGER NOT NULL
) STRICT;
