-- The two guards of every save, checked by the row itself. A save writes the aggregate's row by its
-- id and moves its version on only when the row is still at the version the save read; else it
-- writes -1, which cobro_guard_version refuses. An attempt's outcome is written by its id, and its
-- status only over a REQUESTED attempt of the same subject; else the status written is
-- REFUSED_WRITE, which cobro_guard_attempt_requested refuses. The error names the guard as its
-- constraint, and the whole batch is rolled back. (Checked in the statement's own SET, these cost
-- nothing beyond the update; counted by a CTE for cobro.expect_rows, V6, they cost a third more.)
--
-- NOT VALID: the tables may hold millions of rows, and validating here would read all of them
-- while holding the lock that keeps every write out. Every row written from now on is checked;
-- V15 validates the rows already stored under a lock that lets writes go on.
ALTER TABLE cobro.checkout_payment
    ADD CONSTRAINT cobro_guard_version CHECK (version >= 0) NOT VALID;
ALTER TABLE cobro.card_authorization
    ADD CONSTRAINT cobro_guard_version CHECK (version >= 0) NOT VALID;
ALTER TABLE cobro.provider_attempt
    ADD CONSTRAINT cobro_guard_attempt_requested CHECK (status <> 'REFUSED_WRITE') NOT VALID;

-- The counting check those guards used (V6) has no caller left.
DROP FUNCTION cobro.expect_rows(bigint, bigint, text);
