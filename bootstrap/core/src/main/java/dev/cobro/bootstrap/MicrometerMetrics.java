package dev.cobro.bootstrap;

import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

/**
 * Cobro's meters in a host's Micrometer registry, with ARCHITECTURE.md's names and tags. The one class of
 * Cobro that touches Micrometer: it is loaded only when the host calls
 * {@code Cobro.builder().meterRegistry(...)}, so a host without Micrometer never needs it. Every tag
 * value is a provider id, an account id, an operation, a status or an outcome name: never a value
 * from a request or an answer.
 */
final class MicrometerMetrics implements MetricsPort, AutoCloseable {

    static final String PROVIDER_CALLS = "cobro.provider.calls";
    static final String PROVIDER_TOKENS = "cobro.provider.tokens";
    static final String TRANSITIONS = "cobro.transitions";
    static final String NOTIFICATIONS = "cobro.notifications";
    static final String RESOLVER_CHANGES = "cobro.resolver.changes";
    static final String OUTBOX_PENDING = "cobro.outbox.pending";
    static final String UNKNOWN_OPEN = "cobro.unknown.open";

    private final MeterRegistry registry;
    /** The meters this Cobro registered, removed again when it closes. */
    private final List<Meter> registered = new CopyOnWriteArrayList<>();

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Binds to {@code registry} (a {@link MeterRegistry}, typed Object so that the facade's own code
     * names no Micrometer class), with the two gauges read from the database when sampled.
     */
    static MicrometerMetrics bind(Object registry, DoubleSupplier pendingEvents, DoubleSupplier openUnknowns) {
        MicrometerMetrics metrics = new MicrometerMetrics((MeterRegistry) registry);
        metrics.gauge(OUTBOX_PENDING, "outcome events not yet delivered to the host's listener", pendingEvents);
        metrics.gauge(UNKNOWN_OPEN, "payments and authorizations whose outcome is UNKNOWN", openUnknowns);
        return metrics;
    }

    private void gauge(String name, String description, DoubleSupplier value) {
        registered.add(Gauge.builder(name, () -> {
                    try {
                        return value.getAsDouble();
                    } catch (RuntimeException unreadable) {
                        // The database cannot be read now: no value rather than a wrong one.
                        return Double.NaN;
                    }
                })
                .description(description)
                .strongReference(true)
                .register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        if (!registered.contains(meter)) {
            registered.add(meter);
        }
        return meter;
    }

    @Override
    public void providerCall(ProviderId provider, String account, AttemptOperation operation, String outcome,
                             Duration elapsed) {
        keep(Timer.builder(PROVIDER_CALLS)
                .description("calls to payment providers (charge, authorize, reverse) by outcome")
                .tag("provider", provider.value())
                .tag("account", account)
                .tag("operation", operation.code())
                .tag("outcome", outcome)
                .register(registry))
                .record(elapsed);
    }

    @Override
    public void tokenRequest(ProviderId provider, String account, String outcome) {
        keep(Counter.builder(PROVIDER_TOKENS)
                .description("token requests sent to payment providers by outcome")
                .tag("provider", provider.value())
                .tag("account", account)
                .tag("outcome", outcome)
                .register(registry))
                .increment();
    }

    @Override
    public void transition(TransactionKind kind, String from, String to) {
        keep(Counter.builder(TRANSITIONS)
                .description("status changes of payments and authorizations")
                .tag("kind", kind.code())
                .tag("from", from == null ? "NONE" : from)
                .tag("to", to)
                .register(registry))
                .increment();
    }

    @Override
    public void notification(ProviderId provider, NotificationOutcome outcome) {
        keep(Counter.builder(NOTIFICATIONS)
                .description("provider notifications received by outcome")
                .tag("provider", provider.value())
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry))
                .increment();
    }

    @Override
    public void resolverChange(TransactionKind kind, String to) {
        keep(Counter.builder(RESOLVER_CHANGES)
                .description("status changes made by the resolver")
                .tag("kind", kind.code())
                .tag("to", to)
                .register(registry))
                .increment();
    }

    /** Takes this Cobro's meters out of the registry (the gauges would otherwise read a closed pool). */
    @Override
    public void close() {
        for (Meter meter : registered) {
            registry.remove(meter);
        }
        registered.clear();
    }
}
