-- A checkout may leave its provider to Cobro, which tries the providers of its country's route in
-- order while nothing reached the previous one. Such a payment is one row whatever provider serves
-- it: its provider and account move with the route, so its idempotency key cannot contain them. Its
-- merchant reference alone is its key among routed payments, and a checkout that names its provider
-- keeps the key (provider, account, merchant reference) among the others. Both are unique indexes,
-- since the database is all that several instances share: two instances starting the same routed
-- checkout at once insert one row, and the second answers from it.
ALTER TABLE cobro.checkout_payment ADD COLUMN routed boolean NOT NULL DEFAULT false;

ALTER TABLE cobro.checkout_payment DROP CONSTRAINT uq_checkout_payment_merchant_reference;
CREATE UNIQUE INDEX uq_checkout_payment_merchant_reference
    ON cobro.checkout_payment (provider, account, merchant_reference) WHERE NOT routed;
CREATE UNIQUE INDEX uq_checkout_payment_routed_reference
    ON cobro.checkout_payment (merchant_reference) WHERE routed;
