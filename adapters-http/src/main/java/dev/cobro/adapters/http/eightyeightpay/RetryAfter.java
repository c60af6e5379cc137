package dev.cobro.adapters.http.eightyeightpay;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;

/**
 * When a 429 says the next request may go: the {@code Retry-After} header (seconds or an HTTP
 * date), else the body's {@code retry_after} (seconds), else a full minute, because 88Pay's
 * limits are counted per minute and its published 429 carries {@code "retry_after": 60}.
 */
final class RetryAfter {

    static final Duration DEFAULT = Duration.ofSeconds(60);

    private RetryAfter() {
    }

    static Instant until(Collection<String> header, Long bodySeconds, Instant now) {
        for (String value : header) {
            Instant parsed = parse(value, now);
            if (parsed != null) {
                return parsed;
            }
        }
        if (bodySeconds != null) {
            return now.plusSeconds(Math.max(0, bodySeconds));
        }
        return now.plus(DEFAULT);
    }

    private static Instant parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return now.plusSeconds(Long.parseLong(trimmed));
            } catch (NumberFormatException tooLong) {
                return null;
            }
        }
        try {
            Instant date = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return date.isBefore(now) ? now : date;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
