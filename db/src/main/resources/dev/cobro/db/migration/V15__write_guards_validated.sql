-- The rows stored before V14 hold its guards by construction (versions start at 0 and only grow; no
-- status was ever REFUSED_WRITE). Validating reads each table under SHARE UPDATE EXCLUSIVE, which
-- lets writes go on, in a migration of its own so that V14's stronger lock is released first.
ALTER TABLE cobro.checkout_payment VALIDATE CONSTRAINT cobro_guard_version;
ALTER TABLE cobro.card_authorization VALIDATE CONSTRAINT cobro_guard_version;
ALTER TABLE cobro.provider_attempt VALIDATE CONSTRAINT cobro_guard_attempt_requested;
