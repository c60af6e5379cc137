package dev.cobro.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@code POST /checkout/preferences} body as Mercado Pago's preference reference does,
 * and answers the first problem as the documented 400 cause ({@code invalid_items},
 * {@code invalid_back_urls}, {@code invalid_payment_methods}, {@code invalid_expiration_date_from|to}).
 * Where Mercado Pago publishes no rule the sandbox is strict, so that an adapter that passes here
 * sends what the real API accepts.
 */
final class MercadoPagoPreferenceValidator {

    /** One problem: the cause code (an {@code invalid_*} name) and its description. */
    record Problem(String code, String description) {
    }

    /**
     * Site currencies (MLA, MLB, MLC, MCO, MLM, MPE, MLU) and USD, which some Argentine flows take.
     * The value: the decimals a price may carry.
     */
    static final Map<String, Integer> CURRENCY_DECIMALS = Map.of(
            "ARS", 2, "BRL", 2, "CLP", 0, "COP", 0, "MXN", 2, "PEN", 2, "UYU", 2, "USD", 2);

    /**
     * Mercado Pago's sample format, {@code 2017-02-01T12:00:00.000-04:00}: milliseconds and an offset
     * are required (the sandbox refuses a date without them rather than guess a zone).
     */
    static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    /** A number beyond this many integer digits or decimals is refused before anything expands it. */
    private static final int MAX_DIGITS = 18;
    /** "amount cannot be paid with Mercado Pago": the sandbox's ceiling for one preference. */
    private static final BigDecimal MAX_TOTAL = new BigDecimal("999999999");
    private static final int MAX_QUANTITY = 10_000;
    /** Not published; the sandbox takes Cobro's references and UUIDs with room to spare. */
    static final int MAX_EXTERNAL_REFERENCE = 256;
    private static final Set<String> AUTO_RETURN = Set.of("approved", "all");

    private MercadoPagoPreferenceValidator() {
    }

    /** The first problem of the body, or null when it is a preference the sandbox creates. */
    static Problem validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            return new Problem("bad_request", "the body must be a JSON object");
        }
        Problem numbers = boundedNumbers(body);
        if (numbers != null) {
            return numbers;
        }
        Problem items = items(body.get("items"));
        if (items != null) {
            return items;
        }
        Problem backUrls = backUrls(body.get("back_urls"), body.get("auto_return"));
        if (backUrls != null) {
            return backUrls;
        }
        JsonNode notificationUrl = body.get("notification_url");
        if (notificationUrl != null && !notificationUrl.isNull()
                && !(notificationUrl.isTextual() && isHttpUrl(notificationUrl.asText()))) {
            // Mercado Pago's newer pages require HTTPS; loopback tests have no TLS, so http is taken too.
            return new Problem("invalid_notification_url", "notification_url must be an absolute http(s) URL");
        }
        JsonNode reference = body.get("external_reference");
        if (reference != null && !reference.isNull()
                && !(reference.isTextual() && reference.asText().length() <= MAX_EXTERNAL_REFERENCE)) {
            return new Problem("invalid_external_reference",
                    "external_reference must be a string of at most " + MAX_EXTERNAL_REFERENCE + " characters");
        }
        Problem expiration = expiration(body);
        if (expiration != null) {
            return expiration;
        }
        return paymentMethods(body.get("payment_methods"));
    }

    /** The preference's total: the sum of unit_price x quantity (validated first). */
    static BigDecimal total(JsonNode items) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode item : items) {
            total = total.add(item.get("unit_price").decimalValue().multiply(BigDecimal.valueOf(item.get("quantity").asLong())));
        }
        return total;
    }

    private static Problem items(JsonNode items) {
        if (items == null || !items.isArray() || items.isEmpty()) {
            return new Problem("invalid_items", "items needed");
        }
        String currency = null;
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode item : items) {
            if (!item.isObject()) {
                return new Problem("invalid_items", "items needed");
            }
            JsonNode title = item.get("title");
            if (title == null || !title.isTextual() || title.asText().isBlank()) {
                return new Problem("invalid_items", "title needed");
            }
            JsonNode quantity = item.get("quantity");
            if (quantity == null || !quantity.isIntegralNumber()) {
                return new Problem("invalid_items", "quantity must be integer");
            }
            if (quantity.asLong() < 1 || quantity.asLong() > MAX_QUANTITY) {
                return new Problem("invalid_items", "quantity invalid");
            }
            JsonNode currencyId = item.get("currency_id");
            if (currencyId == null || currencyId.isNull()) {
                // Whether Mercado Pago defaults it to the account's currency is unclear; the sandbox requires it.
                return new Problem("invalid_items", "currency_id needed");
            }
            if (!currencyId.isTextual() || !CURRENCY_DECIMALS.containsKey(currencyId.asText())
                    || (currency != null && !currency.equals(currencyId.asText()))) {
                return new Problem("invalid_items", "currency_id invalid");
            }
            currency = currencyId.asText();
            JsonNode price = item.get("unit_price");
            if (price == null || price.isNull()) {
                return new Problem("invalid_items", "unit_price needed");
            }
            if (!price.isNumber()) {
                return new Problem("invalid_items", "unit_price must be a number");
            }
            BigDecimal unitPrice = price.decimalValue();
            if (unitPrice.signum() <= 0) {
                return new Problem("invalid_items", "unit_price invalid");
            }
            int decimals = CURRENCY_DECIMALS.get(currency);
            if (Math.max(0, unitPrice.stripTrailingZeros().scale()) > decimals) {
                // The API's own text for COP (and Mercado Pago's plugins strip CLP's decimals alike).
                return new Problem("invalid_items", decimals == 0
                        ? "Prices in " + currency + " currency must be expressed with integer values"
                        : "unit_price invalid");
            }
            total = total.add(unitPrice.multiply(BigDecimal.valueOf(quantity.asLong())));
            if (total.compareTo(MAX_TOTAL) > 0) {
                return new Problem("invalid_items", "amount cannot be paid with Mercado Pago");
            }
        }
        return null;
    }

    private static Problem backUrls(JsonNode backUrls, JsonNode autoReturn) {
        if (backUrls != null && !backUrls.isNull()) {
            if (!backUrls.isObject()) {
                return new Problem("invalid_back_urls", "back_urls invalid");
            }
            for (String name : new String[] {"success", "pending", "failure"}) {
                JsonNode url = backUrls.get(name);
                if (url != null && !url.isNull() && !(url.isTextual() && (url.asText().isEmpty() || isHttpUrl(url.asText())))) {
                    return new Problem("invalid_back_urls", "back_urls." + name + " invalid");
                }
            }
        }
        if (autoReturn != null && !autoReturn.isNull() && !(autoReturn.isTextual() && autoReturn.asText().isEmpty())) {
            if (!autoReturn.isTextual() || !AUTO_RETURN.contains(autoReturn.asText())) {
                return new Problem("invalid_auto_return", "auto_return invalid");
            }
            // "In either case a success URL must be present."
            if (backUrls == null || !backUrls.path("success").isTextual() || backUrls.path("success").asText().isEmpty()) {
                return new Problem("invalid_back_urls", "back_url.success must be defined");
            }
        }
        return null;
    }

    private static Problem expiration(JsonNode body) {
        JsonNode expires = body.get("expires");
        if (expires != null && !expires.isNull() && !expires.isBoolean()) {
            return new Problem("invalid_expires", "expires must be a boolean");
        }
        OffsetDateTime from = null;
        JsonNode fromNode = body.get("expiration_date_from");
        if (fromNode != null && !fromNode.isNull()) {
            from = date(fromNode);
            if (from == null) {
                return new Problem("invalid_expiration_date_from", "expiration_date_from invalid");
            }
        }
        JsonNode toNode = body.get("expiration_date_to");
        if (toNode != null && !toNode.isNull()) {
            OffsetDateTime to = date(toNode);
            if (to == null || (from != null && !to.isAfter(from))) {
                return new Problem("invalid_expiration_date_to", "expiration_date_to invalid");
            }
        }
        return null;
    }

    /** The instant of an expiration date in Mercado Pago's format, or null when it is not one. */
    static OffsetDateTime date(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText(), EXPIRATION);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    private static Problem paymentMethods(JsonNode paymentMethods) {
        if (paymentMethods == null || paymentMethods.isNull()) {
            return null;
        }
        if (!paymentMethods.isObject()) {
            return new Problem("invalid_payment_methods", "payment_methods invalid");
        }
        JsonNode installments = paymentMethods.get("installments");
        if (installments != null && !installments.isNull()
                && !(installments.isIntegralNumber() && installments.asInt() >= 1 && installments.asInt() <= 36)) {
            return new Problem("invalid_payment_methods", "installments must be between 1 and 36");
        }
        for (JsonNode excluded : paymentMethods.path("excluded_payment_methods")) {
            if ("account_money".equals(excluded.path("id").asText())) {
                return new Problem("invalid_payment_methods", "account_money cannot be excluded");
            }
        }
        return null;
    }

    /**
     * Every number in the body (metadata and payer included, which the answer echoes) is bounded
     * before the sandbox writes it back: its JSON setup writes decimals in plain notation, and
     * {@code 1e999999999} would expand to a billion digits.
     */
    private static Problem boundedNumbers(JsonNode node) {
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            if (value.precision() - value.scale() > MAX_DIGITS || value.scale() > MAX_DIGITS) {
                return new Problem("bad_request", "a number in the body is out of range");
            }
            return null;
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            Problem problem = boundedNumbers(it.next());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.isAbsolute() && uri.getHost() != null && (scheme.equals("http") || scheme.equals("https"));
        } catch (Exception notAUri) {
            return false;
        }
    }
}
