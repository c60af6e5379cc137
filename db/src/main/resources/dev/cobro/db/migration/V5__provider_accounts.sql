-- Provider accounts (DESIGN.md): a provider may have several accounts (88Pay issues one merchant id
-- per country, a platform may hold several Pay-me merchants). The account is stored on payments,
-- authorizations and every attempt; rows written before accounts existed were the one account a
-- provider had then: 'default'. Same form as cobro.provider_token.account.
ALTER TABLE cobro.checkout_payment
    ADD COLUMN account varchar(32) NOT NULL DEFAULT 'default' CHECK (account ~ '^[a-z0-9_-]{1,32}$');
ALTER TABLE cobro.card_authorization
    ADD COLUMN account varchar(32) NOT NULL DEFAULT 'default' CHECK (account ~ '^[a-z0-9_-]{1,32}$');
ALTER TABLE cobro.provider_attempt
    ADD COLUMN account varchar(32) NOT NULL DEFAULT 'default' CHECK (account ~ '^[a-z0-9_-]{1,32}$');

-- The idempotency keys become (provider, account, merchant reference / operation number): two
-- accounts' merchant references and operation numbers are each their own (Pay-me numbers
-- operations per merchant).
ALTER TABLE cobro.checkout_payment DROP CONSTRAINT uq_checkout_payment_merchant_reference;
ALTER TABLE cobro.checkout_payment
    ADD CONSTRAINT uq_checkout_payment_merchant_reference UNIQUE (provider, account, merchant_reference);
ALTER TABLE cobro.card_authorization DROP CONSTRAINT uq_card_authorization_operation_number;
ALTER TABLE cobro.card_authorization
    ADD CONSTRAINT uq_card_authorization_operation_number UNIQUE (provider, account, operation_number);

-- The history shows the account. The view's columns keep their order; account is appended.
CREATE OR REPLACE VIEW cobro.transaction_history AS
SELECT p.id, 'checkout_payment'::varchar(24) AS kind, p.provider, p.status, p.amount, p.currency,
       p.customer_id, p.merchant_reference AS reference, p.created_at, p.updated_at, p.account
  FROM cobro.checkout_payment p
UNION ALL
SELECT a.id, 'card_authorization'::varchar(24) AS kind, a.provider, a.status, a.amount, a.currency,
       a.customer_id, a.operation_number AS reference, a.created_at, a.updated_at, a.account
  FROM cobro.card_authorization a;
