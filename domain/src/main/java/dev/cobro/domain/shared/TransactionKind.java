package dev.cobro.domain.shared;

/** The two kinds of transaction Cobro keeps, with the names the CLI and history use. */
public enum TransactionKind {
    CHECKOUT_PAYMENT("checkout_payment"),
    CARD_AUTHORIZATION("card_authorization");

    private final String code;

    TransactionKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static TransactionKind fromCode(String code) {
        for (TransactionKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        throw ValidationException.of("kind", "must be checkout_payment or card_authorization", code);
    }
}
