-- The modules an account can enable. A module stays enabled on accounts that have it when it is deactivated;
-- it can no longer be newly enabled.
CREATE TABLE admin.modules (
    slug         text        PRIMARY KEY,
    name         text        NOT NULL,
    description  text        NOT NULL,
    requires     text[]      NOT NULL DEFAULT '{}',
    active       boolean     NOT NULL DEFAULT true,
    version      bigint      NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
    updated_at   timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

INSERT INTO admin.modules (slug, name, description, requires) VALUES
    ('catalog',        'Catalog',        'Products, categories and prices.',                        '{}'),
    ('inventory',      'Inventory',      'Stock levels, movements and reservations.',               '{catalog}'),
    ('orders',         'Orders',         'Sales orders and their items.',                           '{catalog}'),
    ('customers',      'Customers',      'Customer records and their history.',                     '{}'),
    ('service-orders', 'Service orders', 'Repair and service jobs for customers.',                  '{customers}'),
    ('invoices',       'Invoices',       'Fiscal documents (NF-e, NFC-e) for orders.',              '{orders}'),
    ('search',         'Search',         'Full-text product search, facets and autocomplete.',      '{catalog}'),
    ('realtime',       'Realtime',       'Live inventory updates pushed to connected clients.',     '{inventory}');

-- Key/value settings of an account, per enabled module; every change is audited in its transaction.
CREATE TABLE admin.account_settings (
    account_id  uuid        NOT NULL REFERENCES admin.accounts (id),
    module      text        NOT NULL REFERENCES admin.modules (slug),
    key         text        NOT NULL,
    value       jsonb       NOT NULL,
    version     bigint      NOT NULL,
    updated_by  uuid,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (account_id, module, key)
);

-- What a new shop starts from: modules and their settings; sample categories are kept for the catalog to offer.
CREATE TABLE admin.shop_templates (
    slug               text        PRIMARY KEY,
    name               text        NOT NULL,
    description        text        NOT NULL,
    modules            text[]      NOT NULL,
    settings           jsonb       NOT NULL DEFAULT '{}',
    sample_categories  jsonb       NOT NULL DEFAULT '[]',
    active             boolean     NOT NULL DEFAULT true,
    version            bigint      NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
    updated_at         timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

INSERT INTO admin.shop_templates (slug, name, description, modules, settings, sample_categories) VALUES
    ('retail', 'Retail store', 'A shop selling goods over the counter and online.',
     '{catalog,inventory,orders,customers,search}',
     '{"orders": {"payment-methods": ["pix", "card", "cash"]}, "inventory": {"low-stock-threshold": 5}}',
     '["Electronics", "Home", "Clothing"]'),
    ('repair-shop', 'Repair shop', 'A workshop taking service orders from its customers.',
     '{customers,service-orders}',
     '{"service-orders": {"default-warranty-days": 90}}',
     '[]');
