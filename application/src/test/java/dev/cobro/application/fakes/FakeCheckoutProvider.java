package dev.cobro.application.fakes;

import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.CheckoutCharge;
import dev.cobro.application.port.out.CheckoutCreated;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.PreparedCharge;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * A scripted hosted-checkout provider. Each {@code willX()} scripts the next charge; unscripted
 * charges are accepted. Every call is recorded with what the store held at that moment, so a test
 * can prove the payment and its attempt were REQUESTED in the store before the provider was called.
 *
 * <p>Notifications use a small {@code key=value;...} body made by {@link #notificationBody}, with
 * 88Pay's statuses ({@code COMPLETED}, {@code canceled}, ...).
 */
public final class FakeCheckoutProvider implements HostedCheckoutProviderPort {

    /** A prepared charge of this fake: the charge, the session it goes under, its redacted body. */
    /**
     * A prepared charge: the session it was prepared under, and the one it last went out under
     * (a re-send under a fresh session moves it, as the 88Pay adapter's does after a 401).
     */
    public static final class FakePreparedCharge implements PreparedCharge {

        private final CheckoutCharge charge;
        private final String preparedSession;
        private final String redactedRequest;
        private volatile String sessionId;

        FakePreparedCharge(CheckoutCharge charge, String sessionId, String redactedRequest) {
            this.charge = charge;
            this.preparedSession = sessionId;
            this.sessionId = sessionId;
            this.redactedRequest = redactedRequest;
        }

        public CheckoutCharge charge() {
            return charge;
        }

        /** The session the charge was prepared under. */
        public String preparedSession() {
            return preparedSession;
        }

        @Override
        public String sessionId() {
            return sessionId;
        }

        @Override
        public String redactedRequest() {
            return redactedRequest;
        }

        @Override
        public String toString() {
            return "FakePreparedCharge[session=***, " + redactedRequest + "]";
        }
    }

    /** One charge sent, and what the store held for the payment while it was being sent. */
    public record ChargeCall(FakePreparedCharge prepared, Optional<Payment> storedPayment,
                             List<ProviderAttempt> storedAttempts) {

        public PaymentStatus storedStatus() {
            return storedPayment.map(Payment::status).orElse(null);
        }
    }

    private final ProviderId id;
    private final PaymentStorePort store;
    private final AttemptLogPort attempts;
    private final Deque<Function<FakePreparedCharge, ProviderOutcome<CheckoutCreated>>> chargeScript = new ArrayDeque<>();
    private final Deque<RuntimeException> prepareFailures = new ArrayDeque<>();
    private final List<FakePreparedCharge> prepared = new ArrayList<>();
    private final List<ChargeCall> charges = new ArrayList<>();
    private volatile Runnable beforePrepare = () -> { };
    private volatile Runnable duringCharge = () -> { };
    private int sessions;
    private String currentSession;
    private int accepted;

    /** A provider that does not look at any store (its calls record no store state). */
    public FakeCheckoutProvider(ProviderId id) {
        this(id, null, null);
    }

    /** A provider that records, on every charge, what {@code store} and {@code attempts} held for the payment. */
    public FakeCheckoutProvider(ProviderId id, PaymentStorePort store, AttemptLogPort attempts) {
        this.id = Objects.requireNonNull(id, "id");
        this.store = store;
        this.attempts = attempts;
    }

    // ----- script -----

    public synchronized FakeCheckoutProvider willAccept() {
        chargeScript.add(this::accept);
        return this;
    }

    /** Accepted, but the provider echoes {@code amount} and {@code currency} (88Pay echoes "100" for 100.00). */
    public synchronized FakeCheckoutProvider willAcceptEchoing(String amount, String currency) {
        chargeScript.add(p -> acceptEchoing(p, amount == null ? null : new BigDecimal(amount), currency));
        return this;
    }

    public synchronized FakeCheckoutProvider willReject(String reason) {
        chargeScript.add(p -> ProviderOutcome.rejected(reason,
                new ProviderExchange(400, "400", reason, "{\"status\":\"Error\",\"code\":400}")));
        return this;
    }

    /** The read times out after the charge was sent: nobody knows whether the checkout exists. */
    public synchronized FakeCheckoutProvider willTimeOut() {
        chargeScript.add(p -> ProviderOutcome.unknown("read timed out after 20 s", ProviderExchange.nothing()));
        return this;
    }

    /**
     * 88Pay's 401 path: the prepared session is refused, the charge goes out again under a fresh
     * session, and that re-send ends {@code outcome} ("unknown", "not-sent" or "rejected"). The
     * prepared charge then names the fresh session, as the 88Pay adapter's does.
     */
    public synchronized FakeCheckoutProvider willBeResentUnderAFreshSessionAndEnd(String outcome) {
        chargeScript.add(p -> {
            currentSession = "sess-" + (++sessions);
            p.sessionId = currentSession;
            ProviderExchange exchange = new ProviderExchange(502, null, "Bad Gateway", null);
            return switch (outcome) {
                case "unknown" -> ProviderOutcome.<CheckoutCreated>unknown("HTTP 502 after the re-send", exchange);
                case "not-sent" -> ProviderOutcome.<CheckoutCreated>notSent("connection refused on the re-send",
                        exchange);
                case "rejected" -> ProviderOutcome.<CheckoutCreated>rejected("401 twice", exchange);
                default -> throw new IllegalArgumentException(outcome);
            };
        });
        return this;
    }

    /** The connection is refused: nothing reached the provider. */
    public synchronized FakeCheckoutProvider willFailBeforeSending() {
        chargeScript.add(p -> ProviderOutcome.notSent("connection refused", ProviderExchange.nothing()));
        return this;
    }

    /** The next {@code prepareCharge} cannot reach the provider (nothing is recorded then). */
    public synchronized FakeCheckoutProvider willBeUnreachableWhenPreparing() {
        prepareFailures.add(new ProviderUnavailableException("token endpoint unreachable"));
        return this;
    }

    /** The next {@code prepareCharge} has its credentials refused. */
    public synchronized FakeCheckoutProvider willRefuseCredentialsWhenPreparing() {
        prepareFailures.add(new ProviderConfigurationException("merchant MCH-TEST: invalid API key or merchant ID"));
        return this;
    }

    /** The next charge takes a new session, as after the provider's token expired. */
    public synchronized FakeCheckoutProvider willStartANewSession() {
        currentSession = null;
        return this;
    }

    /** Runs at the start of every {@code prepareCharge}, outside any lock of this fake (e.g. a latch). */
    public FakeCheckoutProvider beforePrepare(Runnable hook) {
        this.beforePrepare = Objects.requireNonNull(hook);
        return this;
    }

    /** Runs inside every {@code charge}, after the store state was recorded and before the answer. */
    public FakeCheckoutProvider duringCharge(Runnable hook) {
        this.duringCharge = Objects.requireNonNull(hook);
        return this;
    }

    // ----- the port -----

    @Override
    public ProviderId providerId() {
        return id;
    }

    @Override
    public PreparedCharge prepareCharge(CheckoutCharge charge) {
        beforePrepare.run();
        synchronized (this) {
            RuntimeException failure = prepareFailures.poll();
            if (failure != null) {
                throw failure;
            }
            if (currentSession == null) {
                currentSession = "sess-" + (++sessions);
            }
            String body = "{\"reference\":\"" + charge.merchantReference() + "\",\"amount\":\""
                    + charge.details().money().amount().toPlainString() + "\",\"currency\":\""
                    + charge.details().money().currency().getCurrencyCode() + "\",\"x-api-key\":\"***\"}";
            FakePreparedCharge p = new FakePreparedCharge(charge, currentSession, body);
            prepared.add(p);
            return p;
        }
    }

    @Override
    public ProviderOutcome<CheckoutCreated> charge(PreparedCharge preparedCharge) {
        FakePreparedCharge p = (FakePreparedCharge) preparedCharge;
        Optional<Payment> stored = store == null ? Optional.empty()
                : store.findByMerchantReference(id, p.charge().merchantReference());
        List<ProviderAttempt> storedAttempts = stored.isPresent() && attempts != null
                ? attempts.attemptsOf(stored.get().id().value()) : List.of();
        Function<FakePreparedCharge, ProviderOutcome<CheckoutCreated>> answer;
        synchronized (this) {
            charges.add(new ChargeCall(p, stored, storedAttempts));
            answer = chargeScript.isEmpty() ? this::accept : chargeScript.poll();
        }
        duringCharge.run();
        synchronized (this) {
            return answer.apply(p);
        }
    }

    @Override
    public ParsedNotification parseNotification(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        if (!fields.containsKey("status")) {
            throw ValidationException.of("body", "is not a notification of the fake provider", null);
        }
        String amount = fields.get("amount");
        return new ParsedNotification(fields.get("session"), fields.get("reference"), fields.get("status"),
                mapStatus(fields.get("status")), amount == null ? null : new BigDecimal(amount),
                fields.get("currency"));
    }

    /** A notification body {@link #parseNotification} reads; a null value leaves its field out. */
    public static String notificationBody(String session, String reference, String status, String amount,
                                          String currency) {
        StringJoiner body = new StringJoiner(";");
        if (session != null) {
            body.add("session=" + session);
        }
        if (reference != null) {
            body.add("reference=" + reference);
        }
        if (status != null) {
            body.add("status=" + status);
        }
        if (amount != null) {
            body.add("amount=" + amount);
        }
        if (currency != null) {
            body.add("currency=" + currency);
        }
        return body.toString();
    }

    /** 88Pay's statuses as far as they are published; anything else is unknown (null). */
    static PaymentStatus mapStatus(String raw) {
        switch (raw.toUpperCase(Locale.ROOT)) {
            case "COMPLETED":
                return PaymentStatus.SUCCEEDED;
            case "CANCELED":
            case "CANCELLED":
                return PaymentStatus.CANCELLED;
            case "FAILED":
                return PaymentStatus.FAILED;
            case "EXPIRED":
                return PaymentStatus.EXPIRED;
            default:
                return null;
        }
    }

    // ----- what happened -----

    /** Every charge sent, in order. */
    public synchronized List<ChargeCall> chargeCalls() {
        return List.copyOf(charges);
    }

    public synchronized int chargeCount() {
        return charges.size();
    }

    /** Every charge prepared (a prepared charge need not have been sent). */
    public synchronized List<FakePreparedCharge> preparedCharges() {
        return List.copyOf(prepared);
    }

    /** The session the next charge would go under, or null before the first. */
    public synchronized String currentSession() {
        return currentSession;
    }

    // ----- answers -----

    private ProviderOutcome<CheckoutCreated> accept(FakePreparedCharge p) {
        return acceptEchoing(p, p.charge().details().money().amount(),
                p.charge().details().money().currency().getCurrencyCode());
    }

    private ProviderOutcome<CheckoutCreated> acceptEchoing(FakePreparedCharge p, BigDecimal amount, String currency) {
        int n = ++accepted;
        String reference = "ref-" + n;
        return ProviderOutcome.succeeded(new CheckoutCreated(reference,
                "https://checkout.fake/" + p.sessionId() + "/" + n, amount, currency),
                new ProviderExchange(200, "200", "Success", "{\"status\":\"Success\",\"reference\":\"" + reference
                        + "\"}"));
    }
}
