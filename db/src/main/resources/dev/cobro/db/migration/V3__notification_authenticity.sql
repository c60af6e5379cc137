-- Notifications: authenticity (DESIGN.md). A notification names its payment by Cobro's signed
-- notification URL (cobro_pid, cobro_sig), so open payments of one provider may share a
-- (session, amount): one 88Pay token's 50 s window serves every checkout of a shop's best seller.
-- The index that made each such charge take a fresh token capped checkouts of one amount at 10 a
-- minute per merchant (88Pay grants 10 tokens a minute). (session, amount) stays only as the
-- fallback match of a notification without Cobro's signature, where an ambiguous match changes
-- nothing; ix_checkout_payment_session still serves that look-up.
DROP INDEX cobro.uq_checkout_payment_open_session;

-- The outcomes a notification may be stored with; UNVERIFIED and MISMATCHED are new.
ALTER TABLE cobro.payment_notification
    ADD CONSTRAINT ck_payment_notification_outcome
    CHECK (outcome IN ('APPLIED', 'DUPLICATE', 'UNMATCHED', 'IGNORED', 'REJECTED', 'UNVERIFIED', 'MISMATCHED'));
