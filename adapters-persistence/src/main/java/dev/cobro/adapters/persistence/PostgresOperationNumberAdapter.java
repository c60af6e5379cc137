package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.application.port.out.OperationNumberPort;
import dev.cobro.application.port.out.StoreRefusedValueException;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.domain.authorization.OperationNumber;

/**
 * Operation numbers from cobro.operation_number_seq, placed in this installation's range: the
 * sequence counts 1, 2, 3... per database and the number is {@code from + count - 1}, so two
 * databases (staging and production, two regions) that share a Pay-me merchant never send the same
 * number when their ranges do not overlap. Unique across the processes of one database, and an
 * error rather than a repeat once the range is used up.
 */
public final class PostgresOperationNumberAdapter implements OperationNumberPort {

    /** Pay-me's internal_operation_number: at most 9 digits. */
    public static final long MAX = 999_999_999L;

    private final StoreCalls calls;
    private final long from;
    private final long to;

    PostgresOperationNumberAdapter(StoreCalls calls, long from, long to) {
        if (from < 1 || to > MAX || from > to) {
            throw new IllegalArgumentException("operation numbers " + from + ".." + to + " must lie in 1.." + MAX
                    + ", the first not above the last");
        }
        this.calls = calls;
        this.from = from;
        this.to = to;
    }

    @Override
    public OperationNumber next() {
        // nextval is never rolled back and needs no transaction: one statement, one round trip.
        long count;
        try {
            count = calls.single("take an operation number", s -> s.createNativeQuery(
                    "select nextval('cobro.operation_number_seq')", Long.class).getSingleResult());
        } catch (StoreRefusedValueException exhausted) {
            // SQLSTATE 2200H: the sequence reached its maximum, which is the whole range used up.
            throw usedUp();
        }
        long number = from + count - 1;
        if (number > to) {
            throw usedUp();
        }
        return OperationNumber.of(number);
    }

    private StoreUnavailableException usedUp() {
        return new StoreUnavailableException("this installation's operation numbers " + from + ".." + to
                + " are used up; configure a new range that no other installation of the Pay-me merchant uses");
    }
}
