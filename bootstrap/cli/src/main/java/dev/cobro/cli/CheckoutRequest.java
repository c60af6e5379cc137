package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violations;

import java.math.BigDecimal;
import java.util.Set;

/**
 * The {@code checkout} request: 88Pay's charge body as the seed writes it ("Create a Payment
 * Transaction") plus Cobro's {@code merchant_reference}, the idempotency key. {@code amount} may be
 * a JSON number or a decimal string; {@code flow}, when given, must be PAYIN. {@code provider}, when
 * given, names the hosted-checkout provider (as {@code --provider} does); without either, Cobro routes
 * the checkout by its country.
 */
final class CheckoutRequest {

    static final Set<String> FIELDS = Set.of("merchant_reference", "flow", "method_code", "method_category",
            "country", "currency", "amount", "description", "customer_id", "notification_url", "return_url",
            "provider");

    private CheckoutRequest() {
    }

    /**
     * The command, or ONE {@link ValidationException} naming every problem of the request.
     * {@code option} is {@code --provider}, or null; a request's {@code provider} that differs from it
     * is a problem, not a silent choice of one.
     */
    static StartCheckoutPaymentCommand parse(String option, JsonNode body) {
        if (!body.isObject()) {
            throw ValidationException.of("request", "must be a JSON object: the charge body plus merchant_reference",
                    null);
        }
        Violations violations = new Violations();
        RequestReader r = new RequestReader(violations);
        r.onlyKnownFields(body, "", FIELDS);
        String flow = r.text(body, "flow", "flow");
        // "flow": only PAYIN is published; Cobro sends PAYIN itself.
        if (flow != null && !"PAYIN".equals(flow)) {
            violations.add("flow", "must be PAYIN (the only published flow)", flow);
        }
        String named = r.text(body, "provider", "provider");
        if (option != null && named != null && !option.equals(named)) {
            violations.add("provider", "is " + named + " but --provider is " + option + ": give one", named);
        }
        String provider = option != null ? option : named;
        String reference = r.text(body, "merchant_reference", "merchant_reference");
        String customer = r.text(body, "customer_id", "customer_id");
        BigDecimal amount = r.decimal(body, "amount", "amount");
        String currency = r.text(body, "currency", "currency");
        String country = r.text(body, "country", "country");
        String methodCode = r.text(body, "method_code", "method_code");
        String methodCategory = r.text(body, "method_category", "method_category");
        String description = r.text(body, "description", "description");
        String notificationUrl = r.text(body, "notification_url", "notification_url");
        String returnUrl = r.text(body, "return_url", "return_url");
        StartCheckoutPaymentCommand command = r.build("", () -> StartCheckoutPaymentCommand.builder()
                .provider(provider)
                .merchantReference(reference)
                .customerId(customer)
                .amount(amount)
                .currency(currency)
                .country(country)
                .method(methodCode, methodCategory)
                .description(description)
                .notificationUrl(notificationUrl)
                .returnUrl(returnUrl)
                .build());
        violations.throwIfAny();
        return command;
    }
}
