package dev.cobro.adapters.http.payme;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.function.Function;

/**
 * What {@code POST /charges} and {@code DELETE /charges/{n}} answer. {@code success} is the string
 * {@code "true"}/{@code "false"} on charges and a boolean elsewhere, so it is read as a node; so is
 * {@code validations}, whose shape Pay-me does not publish (kept whole, redacted, in the attempt row).
 */
record PaymeChargeResponse(String action, String id, JsonNode success, Transaction transaction,
                           JsonNode validations) {

    /** {@code success} as the seed writes it ("true") or as the token endpoint does (true); null when absent. */
    Boolean successFlag() {
        if (success == null || success.isNull()) {
            return null;
        }
        if (success.isBoolean()) {
            return success.booleanValue();
        }
        if (success.isTextual()) {
            String text = success.asText().trim();
            if (text.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (text.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    boolean hasValidations() {
        return validations != null && !validations.isNull()
                && !(validations.isContainerNode() && validations.isEmpty());
    }

    String statusCode() {
        return part(status(), Status::code);
    }

    String statusMessage() {
        return part(status(), Status::firstValue);
    }

    private Status status() {
        return part(part(transaction, Transaction::meta), Meta::status);
    }

    /** A part of an answer any of whose objects Pay-me may leave out: null when its holder is. */
    private static <T, P> P part(T holder, Function<T, P> part) {
        return holder == null ? null : part.apply(holder);
    }

    record Transaction(String currency, String amount, Meta meta) {
    }

    record Meta(@JsonProperty("internal_operation_number") String internalOperationNumber, String description,
                Processor processor, Status status) {
    }

    record Processor(ProcessorAuthorization authorization) {
    }

    /** {@code masked_pan} is Pay-me's own mask (first 6, last 4): safe to keep. */
    record ProcessorAuthorization(String code, @JsonProperty("masked_pan") String maskedPan) {
    }

    record Status(String code, @JsonProperty("message_ilgn") List<Message> messageIlgn) {

        Message first() {
            return messageIlgn == null || messageIlgn.isEmpty() ? null : messageIlgn.get(0);
        }

        String firstValue() {
            return part(first(), Message::value);
        }

        String firstLocale() {
            return part(first(), Message::locale);
        }
    }

    record Message(String locale, String value) {
    }
}
