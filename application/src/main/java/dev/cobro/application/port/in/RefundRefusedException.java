package dev.cobro.application.port.in;

/** A refund refused before anything was recorded or sent, and why. */
public class RefundRefusedException extends RuntimeException {

    /** Why a refund was refused. */
    public enum Reason {
        /** The payment's provider publishes no refund. */
        NOT_SUPPORTED,
        /** The payment is not settled (SUCCEEDED or PARTIALLY_REFUNDED), or its provider's payment is not known. */
        NOT_REFUNDABLE,
        /** The amount is above what may still be refunded (the amount less what was refunded or is still out). */
        ABOVE_REFUNDABLE,
        /** Another provider call of the payment is still out: try again once it has an outcome. */
        IN_PROGRESS
    }

    private final Reason reason;

    public RefundRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
