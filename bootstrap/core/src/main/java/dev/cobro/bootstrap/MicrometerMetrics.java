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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

/**
 * Cobro's meters in a host's Micrometer registry, with ARCHITECTURE.md's names and tags. The one class of
 * Cobro that touches Micrometer: it is loaded only when the host calls
 * {@code Cobro.builder().meterRegistry(...)}, so a host without Micrometer never needs it. Every tag
 * value is a provider id, an account id, an operation, a status or an outcome name: never a value
 * from a request or an answer.
 * <p>
 * Each meter is looked up by its tags' values once and kept: building a meter's id (its tags sorted
 * and merged) and finding it in the registry on every call cost more than the call's own counting, on
 * the path of every provider call and status change. A meter the registry drops (the host removes it,
 * or another Cobro on the same registry closes) is dropped here too, and registered again when next used.
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
    /** The counters and timers in use, by their tags' values ({@link CallKey}, {@link TokenKey}...). */
    private final Map<Object, Meter> meters = new ConcurrentHashMap<>();

    /*
     * The two keys looked up on every provider call and status change compare and hash by hand: their
     * values are enum constants and strings whose hashes are cached, while a record's generated equals
     * and hashCode go through method handles over every component (a profile of a load run found
     * them under every lookup).
     */
    private record CallKey(ProviderId provider, String account, AttemptOperation operation, String outcome) {

        @Override
        public boolean equals(Object other) {
            return other instanceof CallKey k && operation == k.operation && outcome.equals(k.outcome)
                    && account.equals(k.account) && provider.value().equals(k.provider.value());
        }

        @Override
        public int hashCode() {
            return ((provider.value().hashCode() * 31 + account.hashCode()) * 31 + operation.hashCode()) * 31
                    + outcome.hashCode();
        }
    }

    private record TokenKey(ProviderId provider, String account, String outcome) {
    }

    private record TransitionKey(TransactionKind kind, String from, String to) {

        @Override
        public boolean equals(Object other) {
            return other instanceof TransitionKey k && kind == k.kind && to.equals(k.to)
                    && (from == null ? k.from == null : from.equals(k.from));
        }

        @Override
        public int hashCode() {
            return (kind.hashCode() * 31 + (from == null ? 0 : from.hashCode())) * 31 + to.hashCode();
        }
    }

    private record NotificationKey(ProviderId provider, NotificationOutcome outcome) {
    }

    private record ResolverKey(TransactionKind kind, String to) {
    }

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.config().onMeterRemoved(removed -> meters.values().remove(removed));
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
        Timer timer = (Timer) meters.get(new CallKey(provider, account, operation, outcome));
        if (timer == null) {
            timer = (Timer) meters.computeIfAbsent(new CallKey(provider, account, operation, outcome),
                    key -> keep(Timer.builder(PROVIDER_CALLS)
                            .description("calls to payment providers (charge, authorize, reverse) by outcome")
                            .tag("provider", provider.value())
                            .tag("account", account)
                            .tag("operation", operation.code())
                            .tag("outcome", outcome)
                            .register(registry)));
        }
        timer.record(elapsed);
    }

    @Override
    public void tokenRequest(ProviderId provider, String account, String outcome) {
        counter(new TokenKey(provider, account, outcome), () -> Counter.builder(PROVIDER_TOKENS)
                .description("token requests sent to payment providers by outcome")
                .tag("provider", provider.value())
                .tag("account", account)
                .tag("outcome", outcome))
                .increment();
    }

    @Override
    public void transition(TransactionKind kind, String from, String to) {
        Counter counter = (Counter) meters.get(new TransitionKey(kind, from, to));
        if (counter == null) {
            counter = counter(new TransitionKey(kind, from, to), () -> Counter.builder(TRANSITIONS)
                    .description("status changes of payments and authorizations")
                    .tag("kind", kind.code())
                    .tag("from", from == null ? "NONE" : from)
                    .tag("to", to));
        }
        counter.increment();
    }

    @Override
    public void notification(ProviderId provider, NotificationOutcome outcome) {
        counter(new NotificationKey(provider, outcome), () -> Counter.builder(NOTIFICATIONS)
                .description("provider notifications received by outcome")
                .tag("provider", provider.value())
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)))
                .increment();
    }

    @Override
    public void resolverChange(TransactionKind kind, String to) {
        counter(new ResolverKey(kind, to), () -> Counter.builder(RESOLVER_CHANGES)
                .description("status changes made by the resolver")
                .tag("kind", kind.code())
                .tag("to", to))
                .increment();
    }

    /** The counter kept under {@code key}, registered from {@code builder} the first time. */
    private Counter counter(Object key, java.util.function.Supplier<Counter.Builder> builder) {
        Meter counter = meters.get(key);
        return (Counter) (counter != null ? counter
                : meters.computeIfAbsent(key, k -> keep(builder.get().register(registry))));
    }

    /** Takes this Cobro's meters out of the registry (the gauges would otherwise read a closed pool). */
    @Override
    public void close() {
        meters.clear();
        for (Meter meter : registered) {
            registry.remove(meter);
        }
        registered.clear();
    }
}
