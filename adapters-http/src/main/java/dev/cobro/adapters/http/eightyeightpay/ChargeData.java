package dev.cobro.adapters.http.eightyeightpay;

import java.math.BigDecimal;

/**
 * {@code data} of a charge answer: {@code urlCheckout}, the echoed {@code amount} (88Pay echoes
 * {@code 100} for {@code 100.00}) and {@code currency}, and {@code reference} (may be empty at first).
 */
record ChargeData(String urlCheckout, BigDecimal amount, String currency, String reference) {
}
