package dev.cobro.domain.payment;

/** Facts about a payment worth a person's attention, kept beside its status. */
public enum PaymentFlag {
    /** 88Pay echoed an amount or currency that differs from what was sent: not trusted. */
    ECHO_MISMATCH,
    /** A notification settled the payment after Cobro had expired it. */
    LATE_NOTIFICATION
}
