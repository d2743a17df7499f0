CREATE TABLE admin.users (
    id             uuid        PRIMARY KEY,
    account_id     uuid        REFERENCES admin.accounts (id),
    email          text        NOT NULL UNIQUE,
    cpf            char(11),
    name           text        NOT NULL,
    password_hash  text        NOT NULL,
    roles          text[]      NOT NULL,
    status         text        NOT NULL CHECK (status IN ('active', 'disabled')),
    failed_logins  integer     NOT NULL DEFAULT 0,
    locked_until   timestamptz,
    last_login_at  timestamptz,
    version        bigint      NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    -- Platform operators belong to no shop; everyone else belongs to exactly one.
    CHECK ((account_id IS NULL) = ('superadmin' = ANY (roles))),
    UNIQUE (account_id, cpf)
);

CREATE INDEX users_account_idx ON admin.users (account_id, created_at);

-- A session is one refresh token; rotating it revokes the old one and links the new one in the same family,
-- so a stolen token that is replayed after rotation revokes the whole family.
CREATE TABLE admin.user_sessions (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES admin.users (id),
    family_id    uuid        NOT NULL,
    token_hash   bytea       NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    replaced_by  uuid,
    ip           text,
    user_agent   text
);

CREATE INDEX user_sessions_active_idx ON admin.user_sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX user_sessions_family_idx ON admin.user_sessions (family_id);

CREATE TABLE admin.signing_keys (
    kid          text        PRIMARY KEY,
    algorithm    text        NOT NULL,
    private_key  bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    retired_at   timestamptz
);
