package dev.cobro.application.fakes;

import dev.cobro.application.port.out.NotificationAuthenticityPort;
import dev.cobro.domain.shared.ProviderId;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;

/** {@link NotificationAuthenticityPort} that accepts every notification until told to refuse them. */
public final class FakeNotificationAuthenticity implements NotificationAuthenticityPort {

    private final AtomicBoolean authentic = new AtomicBoolean(true);
    private final AtomicInteger checks = new AtomicInteger();

    @Override
    public boolean isAuthentic(ProviderId provider, String body, Map<String, String> headers) {
        checks.incrementAndGet();
        return authentic.get();
    }

    public FakeNotificationAuthenticity refuseAll() {
        authentic.set(false);
        return this;
    }

    public FakeNotificationAuthenticity acceptAll() {
        authentic.set(true);
        return this;
    }

    public int checks() {
        return checks.get();
    }
}
