-- Integration events written in the same transaction as the change they describe; OutboxRelay publishes them.
CREATE TABLE catalog.outbox_messages (
    sequence      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            uuid        NOT NULL UNIQUE,
    message_type  text        NOT NULL,
    payload       jsonb       NOT NULL,
    trace_parent  text,
    trace_state   text,
    occurred_at   timestamptz NOT NULL,
    published_at  timestamptz
);

CREATE INDEX outbox_messages_pending_idx ON catalog.outbox_messages (sequence) WHERE published_at IS NULL;
CREATE INDEX outbox_messages_published_idx ON catalog.outbox_messages (published_at) WHERE published_at IS NOT NULL;
