package dev.cobro.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an authorize body against the seed's request table (field, type, "Long.", "Req.").
 * Every problem is listed, keyed by the field's path; a message names the rule, never the value
 * (a PAN or CVV must not come back in a response).
 */
final class PaymeAuthorizeValidator {

    private static final Pattern PAN = Pattern.compile("[0-9]{12,20}");
    private static final Pattern EXPIRY_MMYY = Pattern.compile("(0[1-9]|1[0-2])[0-9]{2}");
    private static final Pattern CVV = Pattern.compile("[0-9]{3,4}");
    private static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9-]{1,25}");
    private static final Pattern CURRENCY = Pattern.compile("[0-9]{3}");
    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,15}");
    private static final Pattern OPERATION_NUMBER = Pattern.compile("[0-9]{1,9}");

    private final Map<String, String> violations = new LinkedHashMap<>();

    private PaymeAuthorizeValidator() {
    }

    /** Field path to the rule it breaks; empty when the body is acceptable. */
    static Map<String, String> validate(JsonNode body) {
        PaymeAuthorizeValidator v = new PaymeAuthorizeValidator();
        if (body == null || !body.isObject()) {
            v.violations.put("body", "must be a JSON object");
            return v.violations;
        }
        v.check(body);
        return v.violations;
    }

    private void check(JsonNode body) {
        JsonNode action = body.get("action");
        if (action == null || !action.isTextual() || !action.asText().equals("authorize")) {
            violations.put("action", "must be \"authorize\"");
        }
        JsonNode channelNode = body.get("channel");
        String channel = channelNode != null && channelNode.isTextual() ? channelNode.asText() : null;
        if (!"1".equals(channel) && !"3".equals(channel)) {
            violations.put("channel", "must be \"1\" (eCommerce) or \"3\" (card on file)");
        }
        checkPaymentMethod(body.get("payment_method"), channel);
        checkTransaction(body.get("transaction"));
        checkBilling(body.get("address"));
        checkCardHolder(body.get("card_holder"));
    }

    private void checkPaymentMethod(JsonNode paymentMethod, String channel) {
        if (paymentMethod == null || !paymentMethod.isObject()) {
            violations.put("payment_method", "is required: an object with card[] or token[]");
            return;
        }
        JsonNode card = paymentMethod.get("card");
        JsonNode token = paymentMethod.get("token");
        if (card == null && token == null) {
            violations.put("payment_method", "card[] or token[] is required");
        } else if (card != null && token != null) {
            violations.put("payment_method", "send card[] or token[], not both");
        } else if (card != null) {
            // channel: "3 = Card on File (only Token)".
            if ("3".equals(channel)) {
                violations.put("channel", "channel 3 (card on file) accepts only token[]");
            }
            JsonNode entry = single(card, "payment_method.card");
            if (entry != null) {
                pattern(entry, "pan", "payment_method.card[0].pan", PAN, "must be 12 to 20 digits", true);
                pattern(entry, "expiry_date", "payment_method.card[0].expiry_date", EXPIRY_MMYY,
                        "must be MMYY", true);
                pattern(entry, "security_code", "payment_method.card[0].security_code", CVV,
                        "must be 3 or 4 digits", true);
            }
        } else {
            JsonNode entry = single(token, "payment_method.token");
            if (entry != null) {
                pattern(entry, "id", "payment_method.token[0].id", TOKEN_ID,
                        "must be 1 to 25 letters, digits or hyphens", true);
                // token.security_code: "It is only required if Channel is 1".
                pattern(entry, "security_code", "payment_method.token[0].security_code", CVV,
                        "must be 3 or 4 digits (required on channel 1)", "1".equals(channel));
            }
        }
    }

    /** card[] and token[] are arrays in the seed; exactly one entry is authorized. */
    private JsonNode single(JsonNode array, String path) {
        if (!array.isArray()) {
            violations.put(path, "must be an array");
            return null;
        }
        if (array.size() != 1 || !array.get(0).isObject()) {
            violations.put(path, "must hold exactly one object");
            return null;
        }
        return array.get(0);
    }

    private void checkTransaction(JsonNode transaction) {
        if (transaction == null || !transaction.isObject()) {
            violations.put("transaction", "is required");
            return;
        }
        pattern(transaction, "currency", "transaction.currency", CURRENCY,
                "must be a 3-digit ISO 4217 numeric code", true);
        // transaction.amount: "String (N) 15", the last 5 positions are decimals.
        if (pattern(transaction, "amount", "transaction.amount", AMOUNT, "must be 1 to 15 digits", true)
                && transaction.get("amount").asText().chars().allMatch(c -> c == '0')) {
            violations.put("transaction.amount", "must be greater than zero");
        }
        JsonNode meta = transaction.get("meta");
        if (meta == null || !meta.isObject()) {
            violations.put("transaction.meta", "is required");
            return;
        }
        pattern(meta, "internal_operation_number", "transaction.meta.internal_operation_number", OPERATION_NUMBER,
                "must be 1 to 9 digits", true);
        text(meta, "description", "transaction.meta.description", 50, false);
        JsonNode additional = meta.get("additional_fields");
        if (additional != null && !additional.isNull() && !additional.isObject()) {
            violations.put("transaction.meta.additional_fields", "must be an object");
        }
    }

    private void checkBilling(JsonNode address) {
        if (address == null || !address.isObject()) {
            violations.put("address", "is required");
            return;
        }
        JsonNode shipping = address.get("shipping");
        if (shipping != null && !shipping.isNull() && !shipping.isObject()) {
            violations.put("address.shipping", "must be an object");
        }
        JsonNode billing = address.get("billing");
        if (billing == null || !billing.isObject()) {
            violations.put("address.billing", "is required");
            return;
        }
        String at = "address.billing.";
        text(billing, "first_name", at + "first_name", 50, true);
        text(billing, "last_name", at + "last_name", 50, true);
        text(billing, "email", at + "email", 60, true);
        JsonNode phone = billing.get("phone");
        if (phone == null || !phone.isObject()) {
            violations.put(at + "phone", "is required");
        } else {
            text(phone, "country_code", at + "phone.country_code", 5, true);
            text(phone, "subscriber", at + "phone.subscriber", 20, true);
        }
        JsonNode location = billing.get("location");
        if (location == null || !location.isObject()) {
            violations.put(at + "location", "is required");
        } else {
            text(location, "line_1", at + "location.line_1", 50, true);
            text(location, "line_2", at + "location.line_2", 50, true);
            text(location, "city", at + "location.city", 30, true);
            text(location, "state", at + "location.state", 30, true);
            text(location, "country", at + "location.country", 2, true);
            text(location, "zip_code", at + "location.zip_code", 10, true);
        }
    }

    private void checkCardHolder(JsonNode holders) {
        if (holders == null || !holders.isArray() || holders.isEmpty()) {
            violations.put("card_holder", "is required: an array with the card holder");
            return;
        }
        for (int i = 0; i < holders.size(); i++) {
            JsonNode holder = holders.get(i);
            String at = "card_holder[" + i + "].";
            if (!holder.isObject()) {
                violations.put("card_holder[" + i + "]", "must be an object");
                continue;
            }
            text(holder, "first_name", at + "first_name", 50, true);
            text(holder, "last_name", at + "last_name", 50, true);
            text(holder, "email_address", at + "email_address", 60, true);
            text(holder, "identity_document_country", at + "identity_document_country", 50, true);
            text(holder, "identity_document_type", at + "identity_document_type", 30, true);
            text(holder, "identity_document_identifier", at + "identity_document_identifier", 20, true);
        }
    }

    /**
     * A string field of at most {@code max} characters. "Req. Yes" is read as "present": the seed
     * does not say that an empty second address line or state is refused, and Cobro's domain reads it so.
     */
    private void text(JsonNode parent, String field, String path, int max, boolean required) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                violations.put(path, "is required");
            }
            return;
        }
        if (!value.isTextual()) {
            violations.put(path, "must be a string");
        } else if (value.asText().length() > max) {
            violations.put(path, "must be at most " + max + " characters");
        }
    }

    /** A string field matching {@code rule}; true when present and valid. */
    private boolean pattern(JsonNode parent, String field, String path, Pattern rule, String message,
                            boolean required) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                violations.put(path, "is required");
            }
            return false;
        }
        if (!value.isTextual() || !rule.matcher(value.asText()).matches()) {
            violations.put(path, message);
            return false;
        }
        return true;
    }
}
