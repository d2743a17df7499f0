using Platform.ServiceDefaults.Persistence;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// The outbox table's migrations, applied to the schema of each module that uses an outbox, after the module's own
/// (their versions sort after numbered ones). Never edited once shipped: a change is a new entry here.
/// </summary>
internal static class OutboxMigrations
{
    public static IEnumerable<Migration> For(string schema)
    {
        yield return new Migration("outbox_0001_table", $"""
            -- Integration events written in the same transaction as the change they describe; OutboxRelay publishes them.
            CREATE TABLE "{schema}".outbox_messages (
                sequence      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id            uuid        NOT NULL UNIQUE,
                message_type  text        NOT NULL,
                payload       jsonb       NOT NULL,
                trace_parent  text,
                trace_state   text,
                occurred_at   timestamptz NOT NULL,
                published_at  timestamptz
            );

            CREATE INDEX outbox_messages_pending_idx ON "{schema}".outbox_messages (sequence) WHERE published_at IS NULL;
            CREATE INDEX outbox_messages_published_idx ON "{schema}".outbox_messages (published_at) WHERE published_at IS NOT NULL;
            """);

        yield return new Migration("outbox_0002_tenant", $"""
            -- Each tenant's events are a stream of their own: the relay takes a few pending events from every tenant
            -- instead of the oldest ones only, so one tenant's backlog does not hold back everyone else's events.
            -- Rows written before this column existed (or by an instance still on the older version) have no tenant;
            -- the relay treats them as one more stream.
            ALTER TABLE "{schema}".outbox_messages ADD COLUMN tenant_id uuid;
            UPDATE "{schema}".outbox_messages SET tenant_id = (payload->>'tenantId')::uuid WHERE published_at IS NULL;
            CREATE INDEX outbox_messages_pending_tenant_idx ON "{schema}".outbox_messages (tenant_id, sequence) WHERE published_at IS NULL;
            """);
    }
}
