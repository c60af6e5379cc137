package dev.cobro.adapters.http.eightyeightpay;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A webhook body to {@code notification_url}, in either spelling 88Pay has published: the current
 * snake_case ({@code transaction_id}, {@code transaction_amount} as a string such as "50000") and
 * the older camelCase ({@code transactionId}, {@code totalAmount} as a number such as 53.75).
 * The amount is kept as a JSON node because its type differs between the two.
 */
record NotificationMessage(
        @JsonProperty("transaction_id") @JsonAlias("transactionId") String transactionId,
        @JsonProperty("reference") @JsonAlias({"transaction_reference", "transactionReference"}) String reference,
        @JsonProperty("transaction_status") @JsonAlias("transactionStatus") String transactionStatus,
        @JsonProperty("transaction_amount") @JsonAlias({"totalAmount", "transactionAmount"}) JsonNode amount,
        @JsonProperty("currency") @JsonAlias({"transaction_currency", "transactionCurrency"}) String currency,
        @JsonProperty("transaction_date") @JsonAlias("transactionDate") String transactionDate,
        @JsonProperty("transaction_payment_method") @JsonAlias("paymentMethod") String paymentMethod) {

    @Override
    public String toString() {
        // transaction_id is the session_id of the token the charge was sent under: a secret.
        return "NotificationMessage[transactionId=***, reference=" + reference + ", status=" + transactionStatus
                + ", amount=" + amount + "]";
    }
}
