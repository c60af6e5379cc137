-- Cobro sends the statements of one write (a payment's new state, its status changes and outcome
-- events, its attempt) to PostgreSQL in one round trip, where they run as one transaction. A guard
-- that must see exactly one row (the aggregate still at the version it was read at; an attempt still
-- REQUESTED when its outcome is written) cannot be checked by the caller before that transaction
-- ends, so the statement checks it: when the count differs it raises, and the whole transaction is
-- rolled back. The error carries the guard's name as its constraint, as a unique violation carries
-- the index's, so the caller tells the guards apart the same way.
CREATE FUNCTION cobro.expect_rows(actual bigint, expected bigint, guard text) RETURNS bigint
    LANGUAGE plpgsql AS
$$
BEGIN
    IF actual <> expected THEN
        RAISE EXCEPTION 'guard % expected % row(s), found %', guard, expected, actual
            USING ERRCODE = 'CB001', CONSTRAINT = guard;
    END IF;
    RETURN actual;
END
$$;
