-- What is kept of a notification is bounded: a notification that is not proven to come from its
-- provider keeps only an excerpt of its body, so its length and SHA-256 (of the body as received)
-- are what identify it. Rows stored before this have neither.
ALTER TABLE cobro.payment_notification
    ADD COLUMN body_length bigint,
    ADD COLUMN body_sha256 varchar(64);

-- Unproven and unmatched notifications are pruned by age: this finds them without reading the rest.
CREATE INDEX ix_payment_notification_unproven ON cobro.payment_notification (received_at)
    WHERE outcome IN ('UNVERIFIED', 'UNMATCHED');
