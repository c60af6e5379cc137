package dev.cobro.application.port.out;

import java.time.Instant;
import java.util.Optional;

/** What the database says about Cobro's state, for {@code cobro.health()} and the gauges. */
public interface StoreHealthPort {

    /**
     * Open UNKNOWNs (payments and authorizations whose outcome is not known) and when the oldest of
     * them became UNKNOWN. Throws {@link StoreUnavailableException} when the database cannot be read.
     */
    OpenUnknowns openUnknowns();

    record OpenUnknowns(long count, Optional<Instant> oldestSince) {
    }
}
