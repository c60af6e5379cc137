package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.OperationNumberPort;
import dev.cobro.domain.authorization.OperationNumber;

/**
 * Operation numbers from cobro.operation_number_seq: unique across processes, 1..999999999, and
 * an error rather than a repeat once exhausted (NO CYCLE).
 */
public final class PostgresOperationNumberAdapter implements OperationNumberPort {

    private final Transactions tx;

    PostgresOperationNumberAdapter(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public OperationNumber next() {
        long next = tx.call("take an operation number", s -> s.createNativeQuery(
                "select nextval('cobro.operation_number_seq')", Long.class).getSingleResult());
        return OperationNumber.of(next);
    }
}
