CREATE TABLE admin.plans (
    id             uuid        PRIMARY KEY,
    name           text        NOT NULL UNIQUE,
    price_cents    bigint      NOT NULL CHECK (price_cents >= 0),
    currency       char(3)     NOT NULL,
    billing_cycle  text        NOT NULL CHECK (billing_cycle IN ('monthly', 'yearly')),
    max_products   integer     NOT NULL CHECK (max_products > 0),
    max_users      integer     NOT NULL CHECK (max_users > 0),
    features       text[]      NOT NULL DEFAULT '{}',
    active         boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL
);

CREATE TABLE admin.accounts (
    id               uuid        PRIMARY KEY,
    company_name     text        NOT NULL,
    cnpj             char(14)    NOT NULL UNIQUE,
    contact_email    text        NOT NULL,
    plan_id          uuid        NOT NULL REFERENCES admin.plans (id),
    modules          text[]      NOT NULL DEFAULT '{}',
    status           text        NOT NULL CHECK (status IN ('active', 'suspended', 'cancelled')),
    database_type    text        NOT NULL CHECK (database_type IN ('postgres', 'sqlite')),
    database_config  jsonb       NOT NULL,
    version          bigint      NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE INDEX accounts_listing_idx ON admin.accounts (status, plan_id, created_at DESC, id DESC);
CREATE INDEX accounts_plan_idx ON admin.accounts (plan_id);
