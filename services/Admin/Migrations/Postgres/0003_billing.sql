CREATE TABLE admin.billing_transactions (
    id                  uuid        PRIMARY KEY,
    account_id          uuid        NOT NULL REFERENCES admin.accounts (id),
    amount_cents        bigint      NOT NULL CHECK (amount_cents > 0),
    currency            char(3)     NOT NULL,
    description         text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
    provider            text,
    provider_reference  text,
    failure_reason      text,
    created_at          timestamptz NOT NULL,
    paid_at             timestamptz,
    failed_at           timestamptz,
    -- A provider's reference names one charge: a retried webhook or import cannot record it twice.
    UNIQUE (provider, provider_reference)
);

CREATE INDEX billing_transactions_account_idx ON admin.billing_transactions (account_id, created_at DESC, id DESC);
