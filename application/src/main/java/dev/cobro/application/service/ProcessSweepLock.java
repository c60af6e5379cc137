package dev.cobro.application.service;

import dev.cobro.application.port.out.SweepLockPort;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * One sweep at a time in this resolver only, for a Cobro that is the database's one user. Several
 * instances on one database need the database's own lock (PostgreSQL's advisory lock adapter).
 */
final class ProcessSweepLock implements SweepLockPort {

    /** Not reentrant: a sweep started from inside a sweep (of the same thread) is skipped too. */
    private final Semaphore lock = new Semaphore(1);

    @Override
    public <T> Optional<T> runAlone(String name, Supplier<T> sweep) {
        if (!lock.tryAcquire()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(sweep.get());
        } finally {
            lock.release();
        }
    }
}
