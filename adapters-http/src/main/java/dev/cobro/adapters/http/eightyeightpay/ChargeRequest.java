package dev.cobro.adapters.http.eightyeightpay;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.math.BigDecimal;

/**
 * The seed's charge body, field for field and nothing else. {@code amount} is a JSON number at the
 * currency's scale ({@code 100.00}), never a double.
 */
@JsonPropertyOrder({"flow", "method_code", "method_category", "country", "currency", "amount", "description",
        "customer_id", "notification_url", "return_url"})
record ChargeRequest(
        @JsonProperty("flow") String flow,
        @JsonProperty("method_code") String methodCode,
        @JsonProperty("method_category") String methodCategory,
        @JsonProperty("country") String country,
        @JsonProperty("currency") String currency,
        @JsonProperty("amount") BigDecimal amount,
        @JsonProperty("description") String description,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("notification_url") String notificationUrl,
        @JsonProperty("return_url") String returnUrl) {
}
