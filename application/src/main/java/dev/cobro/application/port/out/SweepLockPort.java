package dev.cobro.application.port.out;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * One sweep at a time per database: every instance may run the resolver on a schedule, and the
 * instances share only the database, so the lock lives there (PostgreSQL: a session advisory lock,
 * released when the sweep ends or its connection dies).
 */
public interface SweepLockPort {

    /**
     * Runs {@code sweep} while holding the lock named {@code name}, or returns empty at once without
     * running it when another holder has the lock.
     */
    <T> Optional<T> runAlone(String name, Supplier<T> sweep);
}
