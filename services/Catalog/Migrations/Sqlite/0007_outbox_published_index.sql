-- Published rows are deleted once past the outbox's retention; without an index on when they were published, each
-- deletion read the whole outbox while holding the file's write lock.
CREATE INDEX outbox_messages_published_idx ON outbox_messages (published_at) WHERE published_at IS NOT NULL;
