package dev.cobro.domain.attempt;

/** What a provider call was for. */
public enum AttemptOperation {
    CHARGE("charge"),
    AUTHORIZE("authorize"),
    REVERSE("reverse"),
    REFUND("refund");

    private final String code;

    AttemptOperation(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
