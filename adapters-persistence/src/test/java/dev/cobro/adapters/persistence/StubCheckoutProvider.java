package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.ChargeOutcome;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.domain.shared.ProviderId;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/** A hosted-checkout provider in memory: counts its charges and lets a test look at the database mid-call. */
final class StubCheckoutProvider implements HostedCheckoutProviderPort {

    record Prepared(CheckoutCharge charge, String sessionId, String redactedRequest) implements PreparedCharge {
    }

    final AtomicInteger charges = new AtomicInteger();
    /** Sessions are unique across stubs, as 88Pay's are across tokens. */
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private volatile String currentSession = "sess_" + SESSIONS.incrementAndGet();
    volatile Consumer<Prepared> onPrepare = p -> { };
    volatile Consumer<Prepared> duringCharge = p -> { };
    volatile Function<Prepared, ChargeOutcome> answer = StubCheckoutProvider::accepted;

    @Override
    public ProviderId providerId() {
        return ProviderId.EIGHTY_EIGHT_PAY;
    }

    @Override
    public PreparedCharge prepareCharge(CheckoutCharge charge) {
        Prepared prepared = new Prepared(charge, currentSession, "{\"amount\":\"" + charge.details().money().amount()
                + "\",\"reference\":\"" + charge.merchantReference() + "\",\"x-api-key\":\"***\"}");
        onPrepare.accept(prepared);
        return prepared;
    }

    @Override
    public ChargeOutcome charge(PreparedCharge prepared) {
        charges.incrementAndGet();
        Prepared p = (Prepared) prepared;
        duringCharge.accept(p);
        return answer.apply(p);
    }

    static ChargeOutcome accepted(Prepared p) {
        return new ChargeOutcome.Accepted(p.sessionId(), "ref-" + p.charge().merchantReference(),
                "https://checkout.example/pay?ref=" + p.charge().merchantReference(), p.charge().details().money().amount(),
                p.charge().details().money().currency().getCurrencyCode(),
                new ProviderExchange(200, "200", "Success", "{\"status\":\"Success\"}"));
    }

    static ChargeOutcome timedOut(Prepared p) {
        return new ChargeOutcome.Unknown("read timed out after 20 s", ProviderExchange.nothing());
    }

    @Override
    public ParsedNotification parseNotification(String body) {
        throw new UnsupportedOperationException("not needed by these tests");
    }
}
