package dev.cobro.application.port.out;

/**
 * The store refused to write a refund ahead of its call: with what was refunded and what is still
 * out, it would refund more than the payment's amount. Nothing was written and nothing is sent.
 */
public final class RefundLimitException extends RuntimeException {

    public RefundLimitException(String message) {
        super(message);
    }
}
