package dev.cobro.application.port.out;

import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.TransactionKind;
import dev.cobro.domain.shared.ValidationException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A status as the history and the resolver's report show it, over both kinds of transaction: every
 * {@link PaymentStatus} and every {@link AuthorizationStatus}, by the same upper-case name (the CLI
 * contract's). REQUESTED, REJECTED, NOT_SENT and UNKNOWN belong to both kinds; the others to one.
 * A status read from text is checked here, so a typo is an error that names the allowed values,
 * never a filter that matches nothing.
 */
public enum TransactionStatus {
    REQUESTED,
    AWAITING_CUSTOMER,
    AUTHORIZED,
    SUCCEEDED,
    DECLINED,
    FAILED,
    CANCELLED,
    EXPIRED,
    REJECTED,
    NOT_SENT,
    UNKNOWN,
    REVERSED,
    NEEDS_REVIEW,
    PARTIALLY_REFUNDED,
    REFUNDED,
    CHARGED_BACK;

    private static final Set<TransactionStatus> OF_PAYMENTS = Arrays.stream(PaymentStatus.values())
            .map(TransactionStatus::of).collect(Collectors.toCollection(() -> EnumSet.noneOf(TransactionStatus.class)));
    private static final Set<TransactionStatus> OF_AUTHORIZATIONS = Arrays.stream(AuthorizationStatus.values())
            .map(TransactionStatus::of).collect(Collectors.toCollection(() -> EnumSet.noneOf(TransactionStatus.class)));

    /** The same status of a checkout payment. */
    public static TransactionStatus of(PaymentStatus status) {
        return valueOf(status.name());
    }

    /** The same status of a card authorization. */
    public static TransactionStatus of(AuthorizationStatus status) {
        return valueOf(status.name());
    }

    /** The statuses a transaction of {@code kind} can be in. */
    public static Set<TransactionStatus> of(TransactionKind kind) {
        return EnumSet.copyOf(kind == TransactionKind.CHECKOUT_PAYMENT ? OF_PAYMENTS : OF_AUTHORIZATIONS);
    }

    /** True when a transaction of {@code kind} can be in this status. */
    public boolean belongsTo(TransactionKind kind) {
        return (kind == TransactionKind.CHECKOUT_PAYMENT ? OF_PAYMENTS : OF_AUTHORIZATIONS).contains(this);
    }

    /**
     * The status named {@code name} exactly (upper case, as the CLI contract writes them), or a
     * {@link ValidationException} on field {@code status} naming every allowed value.
     */
    public static TransactionStatus parse(String name) {
        for (TransactionStatus status : values()) {
            if (status.name().equals(name)) {
                return status;
            }
        }
        throw ValidationException.of("status", "must be one of " + names(EnumSet.allOf(TransactionStatus.class)), name);
    }

    /** A status read back from storage for a transaction of {@code kind}: anything else is a broken row. */
    public static TransactionStatus stored(TransactionKind kind, String name) {
        TransactionStatus status;
        try {
            status = parse(name);
        } catch (ValidationException e) {
            throw new IllegalStateException("stored status '" + name + "' is not a status Cobro knows", e);
        }
        if (!status.belongsTo(kind)) {
            throw new IllegalStateException("stored status " + name + " is not a " + kind.code() + " status");
        }
        return status;
    }

    /** {@code "REQUESTED, AUTHORIZED, ..."}, in declaration order. */
    static String names(Set<TransactionStatus> statuses) {
        return statuses.stream().map(Enum::name).collect(Collectors.joining(", "));
    }
}
