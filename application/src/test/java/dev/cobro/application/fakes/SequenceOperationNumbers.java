package dev.cobro.application.fakes;

import dev.cobro.application.port.out.OperationNumberPort;
import dev.cobro.domain.authorization.OperationNumber;

import java.util.concurrent.atomic.AtomicLong;

/** {@link OperationNumberPort} as the PostgreSQL sequence behaves: 1..999999999, no cycle. */
public final class SequenceOperationNumbers implements OperationNumberPort {

    public static final long MAX = 999_999_999L;

    private final AtomicLong next;

    public SequenceOperationNumbers() {
        this(1);
    }

    public SequenceOperationNumbers(long start) {
        if (start < 1 || start > MAX) {
            throw new IllegalArgumentException("start " + start + " must be 1.." + MAX);
        }
        this.next = new AtomicLong(start);
    }

    @Override
    public OperationNumber next() {
        long number = next.getAndIncrement();
        if (number > MAX) {
            next.set(MAX + 1);
            throw new IllegalStateException("operation number sequence exhausted at " + MAX + " (it does not cycle)");
        }
        return OperationNumber.of(number);
    }
}
