package dev.cobro.domain.payment;

/** Facts about a payment worth a person's attention, kept beside its status. */
public enum PaymentFlag {
    /** 88Pay echoed an amount or currency that differs from what was sent: not trusted. */
    ECHO_MISMATCH,
    /** A verified notification settled the payment SUCCEEDED after it had EXPIRED, FAILED or been CANCELLED. */
    LATE_NOTIFICATION,
    /**
     * The checkout named no provider: Cobro chose it from the route of the payment's country. The
     * payment's merchant reference is then its key across every provider.
     */
    ROUTED
}
