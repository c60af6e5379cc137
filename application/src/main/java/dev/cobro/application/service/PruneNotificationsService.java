package dev.cobro.application.service;

import dev.cobro.application.port.in.PruneNotificationsUseCase;
import dev.cobro.application.port.out.PaymentStorePort;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** Deletes UNVERIFIED and UNMATCHED notifications older than an age; a payment's notifications stay. */
public final class PruneNotificationsService implements PruneNotificationsUseCase {

    private final PaymentStorePort payments;
    private final Clock clock;

    public PruneNotificationsService(PaymentStorePort payments, Clock clock) {
        this.payments = Objects.requireNonNull(payments, "payments");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long pruneUnproven(Duration olderThan) {
        if (olderThan == null || olderThan.isNegative()) {
            throw new IllegalArgumentException("the age to prune at must be zero or positive, not " + olderThan);
        }
        return payments.pruneUnprovenNotificationsBefore(clock.instant().minus(olderThan));
    }
}
