package dev.cobro.application.port.out;

import dev.cobro.domain.authorization.OperationNumber;

/** Fresh internal operation numbers (PostgreSQL sequence cobro.operation_number_seq, 1..999999999). */
public interface OperationNumberPort {

    OperationNumber next();
}
