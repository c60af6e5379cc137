-- Keys of Cobro's notification signature rotate while payments are open (a cash payment is notified
-- days after its checkout): each payment keeps the id of the key that signed the notification URL
-- sent with its charge, so that health can count the open payments whose key is no longer
-- configured before their notifications arrive. Null for a payment sent unsigned, or signed before
-- key ids existed (such a URL verifies with any key of its account's ring).
ALTER TABLE cobro.checkout_payment ADD COLUMN notification_key_id varchar(64);

-- Health groups the open payments by (provider, account, key): the few open rows, by their status.
CREATE INDEX ix_checkout_payment_open_key ON cobro.checkout_payment (provider, account, notification_key_id)
    WHERE status IN ('REQUESTED', 'AWAITING_CUSTOMER', 'UNKNOWN');
