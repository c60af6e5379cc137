package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.domain.payment.PaymentStatus;

import java.util.Locale;
import java.util.Map;

/**
 * What a notification's {@code transaction_status} means for a payment. 88Pay has not published
 * its full list (seen: {@code COMPLETED}, {@code canceled}), so spellings are read case-insensitively
 * and an unknown one maps to nothing: the notification is stored as received, never guessed.
 */
final class EightyEightPayStatuses {

    private static final Map<String, PaymentStatus> KNOWN = Map.ofEntries(
            Map.entry("COMPLETED", PaymentStatus.SUCCEEDED),
            Map.entry("APPROVED", PaymentStatus.SUCCEEDED),
            Map.entry("PAID", PaymentStatus.SUCCEEDED),
            Map.entry("SUCCESS", PaymentStatus.SUCCEEDED),
            // "canceled" is 88Pay's spelling.
            Map.entry("CANCELED", PaymentStatus.CANCELLED),
            Map.entry("CANCELLED", PaymentStatus.CANCELLED),
            Map.entry("FAILED", PaymentStatus.FAILED),
            Map.entry("REJECTED", PaymentStatus.FAILED),
            Map.entry("DECLINED", PaymentStatus.FAILED),
            Map.entry("EXPIRED", PaymentStatus.EXPIRED));

    private EightyEightPayStatuses() {
    }

    /** The payment status for {@code raw}, or null when Cobro does not know it. */
    static PaymentStatus of(String raw) {
        return raw == null ? null : KNOWN.get(raw.trim().toUpperCase(Locale.ROOT));
    }
}
