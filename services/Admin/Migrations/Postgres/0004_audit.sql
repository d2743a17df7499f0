CREATE TABLE admin.audit_entries (
    id             uuid        PRIMARY KEY,
    -- The integration event (or Admin change) this entry records: recording it twice keeps one entry.
    event_id       uuid        NOT NULL UNIQUE,
    account_id     uuid,
    actor_user_id  uuid,
    action         text        NOT NULL,
    resource_type  text        NOT NULL,
    resource_id    text        NOT NULL,
    old_values     jsonb,
    new_values     jsonb,
    ip             text,
    source         text        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_entries_account_idx ON admin.audit_entries (account_id, occurred_at DESC, id DESC);
CREATE INDEX audit_entries_actor_idx ON admin.audit_entries (actor_user_id, occurred_at DESC) WHERE actor_user_id IS NOT NULL;
CREATE INDEX audit_entries_resource_idx ON admin.audit_entries (resource_type, resource_id, occurred_at DESC);
