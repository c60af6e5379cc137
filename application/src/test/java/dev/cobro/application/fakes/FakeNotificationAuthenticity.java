package dev.cobro.application.fakes;

import dev.cobro.application.port.out.NotificationAuthenticityPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.domain.shared.ProviderId;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A provider's proof ({@link NotificationAuthenticityPort}) that holds when the notification
 * carries header {@code authorization: Bearer proof-of:<reference or session>}, so a test
 * forges one by sending another value or none.
 */
public final class FakeNotificationAuthenticity implements NotificationAuthenticityPort {

    private final ProviderId provider;
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicReference<String> refusal = new AtomicReference<>();

    public FakeNotificationAuthenticity(ProviderId provider) {
        this.provider = provider;
    }

    /** The header value that proves a notification about {@code sessionOrReference}. */
    public static String proofOf(String sessionOrReference) {
        return "Bearer proof-of:" + sessionOrReference;
    }

    /** Every proof fails from now on, with {@code problem}. */
    public FakeNotificationAuthenticity refuseAll(String problem) {
        refusal.set(problem);
        return this;
    }

    @Override
    public ProviderId providerId() {
        return provider;
    }

    @Override
    public Proof verify(ParsedNotification notification, Map<String, String> headers) {
        checks.incrementAndGet();
        if (refusal.get() != null) {
            return Proof.fails(refusal.get());
        }
        String given = headers.get("authorization");
        if (given == null) {
            return Proof.fails("no bearer token");
        }
        boolean holds = (notification.sessionId() != null && given.equals(proofOf(notification.sessionId())))
                || (notification.reference() != null && given.equals(proofOf(notification.reference())));
        return holds ? Proof.holds() : Proof.fails("the bearer token is not about this notification");
    }

    public int checks() {
        return checks.get();
    }
}
