-- Cobro's own schema. Everything lives in schema cobro (Flyway's history table too), so a
-- host's tables and its own Flyway history are never touched.
--
-- Card data rule: no column holds a PAN, a CVV or a card token id. An authorization keeps the
-- instrument kind, its masked value (first 6 / last 4, or last 4 of a token) and a keyed hash.
-- Money is numeric (never float, no fixed scale: nothing is ever rounded) plus its ISO 4217 code.

CREATE TABLE cobro.checkout_payment (
    id                  uuid          PRIMARY KEY,
    provider            varchar(32)   NOT NULL,
    merchant_reference  varchar(64)   NOT NULL,
    customer_id         varchar(64)   NOT NULL,
    amount              numeric       NOT NULL CHECK (amount > 0),
    currency            varchar(3)    NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    country             varchar(3)    NOT NULL,
    method_code         varchar(32)   NOT NULL,
    method_category     varchar(16)   NOT NULL,
    description         varchar(50)   NOT NULL,
    notification_url    varchar(2048) NOT NULL,
    return_url          varchar(2048) NOT NULL,
    fingerprint         varchar(64)   NOT NULL,
    status              varchar(24)   NOT NULL,
    echo_mismatch       boolean       NOT NULL DEFAULT false,
    late_notification   boolean       NOT NULL DEFAULT false,
    provider_session_id text,
    provider_reference  text,
    checkout_url        text,
    created_at          timestamptz   NOT NULL,
    updated_at          timestamptz   NOT NULL,
    version             bigint        NOT NULL,
    -- The idempotency key: the final guard, across processes.
    CONSTRAINT uq_checkout_payment_merchant_reference UNIQUE (provider, merchant_reference)
);

-- A notification that carries no reference is matched on (session, amount) among open payments,
-- so no two open payments of a provider may share them (DESIGN.md, Notifications). numeric
-- compares numerically here: 100 and 100.00 collide, as they would in a match.
CREATE UNIQUE INDEX uq_checkout_payment_open_session
    ON cobro.checkout_payment (provider, provider_session_id, amount, currency)
    WHERE status IN ('REQUESTED', 'AWAITING_CUSTOMER', 'UNKNOWN') AND provider_session_id IS NOT NULL;

-- History (newest first by (created_at, id)) and the resolver's look-ups.
CREATE INDEX ix_checkout_payment_created        ON cobro.checkout_payment (created_at, id);
CREATE INDEX ix_checkout_payment_customer       ON cobro.checkout_payment (customer_id, created_at, id);
CREATE INDEX ix_checkout_payment_status_created ON cobro.checkout_payment (status, created_at, id);
CREATE INDEX ix_checkout_payment_status_updated ON cobro.checkout_payment (status, updated_at);
CREATE INDEX ix_checkout_payment_reference      ON cobro.checkout_payment (merchant_reference);
CREATE INDEX ix_checkout_payment_provider_ref   ON cobro.checkout_payment (provider, provider_reference);
CREATE INDEX ix_checkout_payment_session        ON cobro.checkout_payment (provider, provider_session_id);

CREATE TABLE cobro.card_authorization (
    id                                   uuid         PRIMARY KEY,
    provider                             varchar(32)  NOT NULL,
    operation_number                     varchar(9)   NOT NULL CHECK (operation_number ~ '^[0-9]{1,9}$'),
    channel                              varchar(1)   NOT NULL CHECK (channel IN ('1', '3')),
    amount                               numeric      NOT NULL CHECK (amount > 0),
    currency                             varchar(3)   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    instrument_kind                      varchar(5)   NOT NULL CHECK (instrument_kind IN ('CARD', 'TOKEN')),
    -- Only the masked form: a PAN shows 6 + 4 digits at most, a token its last 4.
    instrument_masked                    varchar(19)  NOT NULL CHECK (instrument_masked ~ '^([0-9]{6}\*{3,9}[0-9]{4}|\*{4}[A-Za-z0-9_-]{0,4})$'),
    instrument_token_hash                varchar(64),
    holder_first_name                    varchar(50)  NOT NULL,
    holder_last_name                     varchar(50)  NOT NULL,
    holder_email_address                 varchar(60)  NOT NULL,
    holder_identity_document_country     varchar(50)  NOT NULL,
    holder_identity_document_type        varchar(30)  NOT NULL,
    holder_identity_document_identifier  varchar(20)  NOT NULL,
    billing_id                           varchar(50),
    billing_first_name                   varchar(50),
    billing_last_name                    varchar(50),
    billing_email                        varchar(60),
    billing_phone_country_code           varchar(5),
    billing_phone_subscriber             varchar(20),
    billing_line1                        varchar(50),
    billing_line2                        varchar(50),
    billing_city                         varchar(30),
    billing_state                        varchar(30),
    billing_country                      varchar(2),
    billing_zip_code                     varchar(10),
    shipping_id                          varchar(50),
    shipping_first_name                  varchar(50),
    shipping_last_name                   varchar(50),
    shipping_email                       varchar(60),
    shipping_phone_country_code          varchar(5),
    shipping_phone_subscriber            varchar(20),
    shipping_line1                       varchar(50),
    shipping_line2                       varchar(50),
    shipping_city                        varchar(30),
    shipping_state                       varchar(30),
    shipping_country                     varchar(2),
    shipping_zip_code                    varchar(10),
    description                          varchar(50),
    customer_id                          varchar(64),
    fingerprint                          varchar(64)  NOT NULL,
    status                               varchar(24)  NOT NULL,
    provider_transaction_id              varchar(128),
    authorization_code                   varchar(64),
    response_code                        varchar(16),
    response_message                     text,
    response_locale                      varchar(16),
    provider_masked_pan                  varchar(32),
    failed_reversals                     integer      NOT NULL DEFAULT 0,
    created_at                           timestamptz  NOT NULL,
    updated_at                           timestamptz  NOT NULL,
    version                              bigint       NOT NULL,
    CONSTRAINT uq_card_authorization_operation_number UNIQUE (provider, operation_number)
);

CREATE INDEX ix_card_authorization_created        ON cobro.card_authorization (created_at, id);
CREATE INDEX ix_card_authorization_customer       ON cobro.card_authorization (customer_id, created_at, id);
CREATE INDEX ix_card_authorization_status_created ON cobro.card_authorization (status, created_at, id);
CREATE INDEX ix_card_authorization_status_updated ON cobro.card_authorization (status, updated_at);
CREATE INDEX ix_card_authorization_operation      ON cobro.card_authorization (operation_number);

-- Pay-me's additional_fields, in the order the merchant gave them.
CREATE TABLE cobro.card_authorization_field (
    authorization_id uuid         NOT NULL REFERENCES cobro.card_authorization (id),
    position         integer      NOT NULL,
    field_key        varchar(50)  NOT NULL,
    field_value      varchar(255) NOT NULL,
    PRIMARY KEY (authorization_id, position)
);

-- Every call to a provider, written REQUESTED before the call and finished after it.
-- request/response hold the adapter's redacted bodies only.
CREATE TABLE cobro.provider_attempt (
    id               uuid         PRIMARY KEY,
    subject_kind     varchar(24)  NOT NULL CHECK (subject_kind IN ('checkout_payment', 'card_authorization')),
    subject_id       uuid         NOT NULL,
    provider         varchar(32)  NOT NULL,
    operation        varchar(16)  NOT NULL,
    attempt_number   integer      NOT NULL CHECK (attempt_number >= 1),
    status           varchar(16)  NOT NULL,
    started_at       timestamptz  NOT NULL,
    finished_at      timestamptz,
    latency_ms       bigint,
    http_status      integer,
    provider_code    text,
    provider_message text,
    request          text,
    response         text,
    -- Two callers numbering the same attempt of one subject: only one may win.
    CONSTRAINT uq_provider_attempt_number UNIQUE (subject_id, attempt_number)
);

CREATE INDEX ix_provider_attempt_unfinished ON cobro.provider_attempt (started_at) WHERE status = 'REQUESTED';
CREATE INDEX ix_provider_attempt_operation  ON cobro.provider_attempt (operation, status, started_at);

-- One row per transition of either aggregate; position orders them within the subject. The key
-- is Cobro's own (subject, position), not a generated one: the rows of a save go in one batch, and
-- two writers appending the same step collide on it.
CREATE TABLE cobro.status_change (
    subject_kind varchar(24)  NOT NULL CHECK (subject_kind IN ('checkout_payment', 'card_authorization')),
    subject_id   uuid         NOT NULL,
    position     integer      NOT NULL,
    from_status  varchar(24),
    to_status    varchar(24)  NOT NULL,
    reason       text         NOT NULL,
    changed_at   timestamptz  NOT NULL,
    CONSTRAINT uq_status_change_position PRIMARY KEY (subject_id, position)
);

-- Every notification received, whatever came of it, with its raw body.
CREATE TABLE cobro.payment_notification (
    id            uuid          PRIMARY KEY,
    provider      varchar(32)   NOT NULL,
    received_at   timestamptz   NOT NULL,
    session_id    text,
    reference     text,
    raw_status    text,
    mapped_status varchar(24),
    amount        numeric,
    currency      text,
    body          text,
    outcome       varchar(16)   NOT NULL,
    payment_id    uuid          REFERENCES cobro.checkout_payment (id),
    detail        text
);

CREATE INDEX ix_payment_notification_payment ON cobro.payment_notification (payment_id, received_at);

-- When a token was asked for, per provider and credential (a merchant id): times only, never
-- a token, so a provider's token rate limit holds across processes and hosts.
CREATE TABLE cobro.token_request (
    id            bigint        GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    provider      varchar(32)   NOT NULL,
    credential_id varchar(128)  NOT NULL,
    requested_at  timestamptz   NOT NULL
);

CREATE INDEX ix_token_request_window ON cobro.token_request (provider, credential_id, requested_at);

-- Pay-me's internal_operation_number has at most 9 digits; running out must fail, not wrap.
CREATE SEQUENCE cobro.operation_number_seq AS bigint MINVALUE 1 MAXVALUE 999999999 START WITH 1 NO CYCLE;

-- One history over both kinds. Each branch keeps its own indexes: PostgreSQL pushes the
-- filters into both and merges the two ordered scans.
CREATE VIEW cobro.transaction_history AS
SELECT p.id, 'checkout_payment'::varchar(24) AS kind, p.provider, p.status, p.amount, p.currency,
       p.customer_id, p.merchant_reference AS reference, p.created_at, p.updated_at
  FROM cobro.checkout_payment p
UNION ALL
SELECT a.id, 'card_authorization'::varchar(24) AS kind, a.provider, a.status, a.amount, a.currency,
       a.customer_id, a.operation_number AS reference, a.created_at, a.updated_at
  FROM cobro.card_authorization a;
