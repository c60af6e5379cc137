-- Refunds of settled checkout payments, and what a provider later reports (refunds made elsewhere,
-- chargebacks). The payment keeps what went back to the customer so far, never more than its amount,
-- and the provider's id of the payment that settled the checkout (a refund names it; Mercado Pago's
-- payment id, which its checkout's preference id is not).
ALTER TABLE cobro.checkout_payment
    ADD COLUMN refunded_amount     numeric      NOT NULL DEFAULT 0,
    ADD COLUMN provider_payment_id varchar(64),
    ADD CONSTRAINT ck_checkout_payment_refunded CHECK (refunded_amount >= 0 AND refunded_amount <= amount);

-- One row per refund Cobro sends. The key is the caller's (or derived from the request): a repeated
-- request under it is the same refund, answered from here, never sent twice. Its status is the
-- status of the attempt that sends it (attempt_id; moved to a new attempt only when the last one was
-- NOT_SENT), so the outcome is written once, by the attempt's own guarded write. No foreign keys, as
-- provider_attempt has none to its subject: a refund is written in the batch that saves its payment
-- and inserts its attempt, and the guard below finds the payment or refuses.
CREATE TABLE cobro.payment_refund (
    id          uuid          PRIMARY KEY,
    payment_id  uuid          NOT NULL,
    refund_key  varchar(64)   NOT NULL,
    amount      numeric       NOT NULL CHECK (amount > 0),
    full_refund boolean       NOT NULL,
    attempt_id  uuid          NOT NULL,
    created_at  timestamptz   NOT NULL,
    CONSTRAINT uq_payment_refund_key UNIQUE (payment_id, refund_key)
);

-- The sum of refunds can never exceed the amount, whichever instance sends them: the guard is here,
-- in the transaction that writes a refund ahead of its call. It locks the payment's row, so two
-- refunds of one payment are judged one after the other, and counts what was refunded (the payment's
-- refunded_amount, which a refund that went through adds to in the same write as its outcome) and
-- every refund still out or of unknown outcome (its attempt REQUESTED or UNKNOWN: the provider may
-- have made it). A refund that would go beyond raises with the guard's name as its constraint.
CREATE FUNCTION cobro.guard_refund_total() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    payment_amount numeric;
    refunded       numeric;
    outstanding    numeric;
BEGIN
    SELECT p.amount, p.refunded_amount INTO payment_amount, refunded
      FROM cobro.checkout_payment p WHERE p.id = NEW.payment_id FOR UPDATE;
    IF payment_amount IS NULL THEN
        RAISE EXCEPTION 'guard cobro_guard_refund_total: no payment % to refund', NEW.payment_id
            USING ERRCODE = 'CB001', CONSTRAINT = 'cobro_guard_refund_total';
    END IF;
    SELECT coalesce(sum(r.amount), 0) INTO outstanding
      FROM cobro.payment_refund r JOIN cobro.provider_attempt a ON a.id = r.attempt_id
     WHERE r.payment_id = NEW.payment_id AND r.id <> NEW.id AND a.status IN ('REQUESTED', 'UNKNOWN');
    IF refunded + outstanding + NEW.amount > payment_amount THEN
        RAISE EXCEPTION 'guard cobro_guard_refund_total: % refunded and % outstanding leave less than % of %',
            refunded, outstanding, NEW.amount, payment_amount
            USING ERRCODE = 'CB001', CONSTRAINT = 'cobro_guard_refund_total';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER payment_refund_total BEFORE INSERT OR UPDATE OF attempt_id, amount ON cobro.payment_refund
    FOR EACH ROW EXECUTE FUNCTION cobro.guard_refund_total();
