package dev.cobro.adapters.http.eightyeightpay;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;

/**
 * How long a 429 says to wait before the next request: the {@code Retry-After} header (seconds or
 * an HTTP date), else the body's {@code retry_after} (seconds), else a full minute, because 88Pay's
 * limits are counted per minute and its published 429 carries {@code "retry_after": 60}.
 * <p>
 * Whatever a provider (or a proxy in front of it) writes there, the answer is a duration from
 * zero to {@link #LONGEST}: a value of {@code 9223372036854775807} seconds, or a date in the year
 * 9999, is read as the longest wait, never as arithmetic that overflows. Whether a caller honours
 * the wait is its own setting ({@code max_rate_limit_wait}), itself never more than this.
 */
final class RetryAfter {

    static final Duration DEFAULT = Duration.ofSeconds(60);
    /** No answer is believed to ask for more: 88Pay's longest window is an hour. */
    static final Duration LONGEST = Duration.ofHours(1);

    private RetryAfter() {
    }

    static Duration wait(Collection<String> header, Long bodySeconds, Instant now) {
        for (String value : header) {
            Duration parsed = parse(value, now);
            if (parsed != null) {
                return parsed;
            }
        }
        if (bodySeconds != null) {
            return seconds(bodySeconds);
        }
        return DEFAULT;
    }

    private static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            // Digits beyond a long's range are as long a wait as any.
            return trimmed.length() > 18 ? LONGEST : seconds(Long.parseLong(trimmed));
        }
        try {
            Instant date = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            if (!date.isAfter(now)) {
                return Duration.ZERO;
            }
            return date.isAfter(now.plus(LONGEST)) ? LONGEST : Duration.between(now, date);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration seconds(long seconds) {
        if (seconds <= 0) {
            return Duration.ZERO;
        }
        return seconds >= LONGEST.toSeconds() ? LONGEST : Duration.ofSeconds(seconds);
    }
}
