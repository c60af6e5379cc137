-- The history reads a page of a filter from one index led by that filter and followed by the
-- keyset (created_at, id), so that a page costs the same at any table size whatever plan
-- PostgreSQL made for the statement: a generic plan (the plan a pooled connection's prepared
-- statement gets) cannot tell a value that fills a table from one that never occurs in it, and
-- reading the time index with a filter instead reads the whole table for the second kind.
-- Status and customer have such indexes since V1; provider, account and currency get theirs here.
-- Each costs every insert one more index entry: these three are the filters the history offers
-- that had none. IF NOT EXISTS: on a large installation, where building them here would hold
-- writes to both tables for minutes, an operator builds them first with CREATE INDEX CONCURRENTLY
-- under these names, and this migration then finds them.
CREATE INDEX IF NOT EXISTS ix_checkout_payment_provider_created   ON cobro.checkout_payment (provider, created_at, id);
CREATE INDEX IF NOT EXISTS ix_checkout_payment_account_created    ON cobro.checkout_payment (account, created_at, id);
CREATE INDEX IF NOT EXISTS ix_checkout_payment_currency_created   ON cobro.checkout_payment (currency, created_at, id);
CREATE INDEX IF NOT EXISTS ix_card_authorization_provider_created ON cobro.card_authorization (provider, created_at, id);
CREATE INDEX IF NOT EXISTS ix_card_authorization_account_created  ON cobro.card_authorization (account, created_at, id);
CREATE INDEX IF NOT EXISTS ix_card_authorization_currency_created ON cobro.card_authorization (currency, created_at, id);
