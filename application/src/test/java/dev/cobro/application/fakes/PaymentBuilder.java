package dev.cobro.application.fakes;

import dev.cobro.domain.payment.PaymentSnapshot;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.service.Fingerprints;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentFlag;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.StatusChange;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code aPayment().inStatus(AWAITING_CUSTOMER).withSession("sess-1").build()}: a payment as a store
 * would restore it, in any status, for tests that start from stored data. The request comes from
 * a {@link CheckoutCommandBuilder}.
 */
public final class PaymentBuilder {

    private UUID id = UUID.randomUUID();
    private CheckoutCommandBuilder command = CheckoutCommandBuilder.aCheckoutCommand();
    private PaymentStatus status = PaymentStatus.AWAITING_CUSTOMER;
    private Set<PaymentFlag> flags = EnumSet.noneOf(PaymentFlag.class);
    private String sessionId = "sess-1";
    private String providerReference;
    private String checkoutUrl = "https://checkout.fake/sess-1/1";
    private Instant createdAt = ControllableClock.DEFAULT_START;
    private Instant updatedAt;
    private long version;

    private PaymentBuilder() {
    }

    public static PaymentBuilder aPayment() {
        return new PaymentBuilder();
    }

    public PaymentBuilder withId(UUID id) {
        this.id = id;
        return this;
    }

    /** The request the payment was made from. */
    public PaymentBuilder from(CheckoutCommandBuilder command) {
        this.command = command;
        return this;
    }

    public PaymentBuilder inStatus(PaymentStatus status) {
        this.status = status;
        return this;
    }

    public PaymentBuilder withFlags(Set<PaymentFlag> flags) {
        this.flags = flags.isEmpty() ? EnumSet.noneOf(PaymentFlag.class) : EnumSet.copyOf(flags);
        return this;
    }

    public PaymentBuilder withSession(String sessionId) {
        this.sessionId = sessionId;
        return this;
    }

    public PaymentBuilder withProviderReference(String providerReference) {
        this.providerReference = providerReference;
        return this;
    }

    public PaymentBuilder withCheckoutUrl(String checkoutUrl) {
        this.checkoutUrl = checkoutUrl;
        return this;
    }

    public PaymentBuilder createdAt(Instant createdAt) {
        this.createdAt = createdAt;
        return this;
    }

    /** When the status last changed; the creation time unless given. */
    public PaymentBuilder updatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
        return this;
    }

    public PaymentBuilder withVersion(long version) {
        this.version = version;
        return this;
    }

    public Payment build() {
        StartCheckoutPaymentCommand c = command.build();
        Instant changed = updatedAt == null ? createdAt : updatedAt;
        List<StatusChange<PaymentStatus>> changes = status == PaymentStatus.REQUESTED
                ? List.of(new StatusChange<>(null, PaymentStatus.REQUESTED, "requested", createdAt))
                : List.of(new StatusChange<>(null, PaymentStatus.REQUESTED, "requested", createdAt),
                new StatusChange<>(PaymentStatus.REQUESTED, status, "built for a test", changed));
        return Payment.restore(new PaymentSnapshot(new PaymentId(id), c.provider(), AccountId.DEFAULT,
                c.merchantReference(), c.details(), Fingerprints.of(c.details()), status, flags, sessionId,
                providerReference, checkoutUrl, null, createdAt, changed, changes, version));
    }
}
