package dev.cobro.application.port.out;

import dev.cobro.domain.shared.ValidationException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The keyset position after the last row of a page: history is ordered newest first by
 * (created_at, id), so the next page holds rows strictly below this pair. Opaque to callers.
 */
public record HistoryCursor(Instant createdAt, UUID id) {

    /**
     * The instants a cursor may name: every time Cobro records, and none that the database (or the
     * arithmetic around it) cannot hold. A cursor outside is forged or corrupt: bad input.
     */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final int MAX_LENGTH = 200;

    public String encode() {
        String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static HistoryCursor decode(String cursor) {
        if (cursor == null || cursor.length() > MAX_LENGTH) {
            throw ValidationException.of("after", "is not a cursor this history returned", null);
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            int dot = raw.indexOf('.');
            if (colon < 0 || dot < 0 || dot > colon) {
                throw new IllegalArgumentException("shape");
            }
            long seconds = Long.parseLong(raw.substring(0, dot));
            long nanos = Long.parseLong(raw.substring(dot + 1, colon));
            if (seconds < EARLIEST.getEpochSecond() || seconds > LATEST.getEpochSecond()
                    || nanos < 0 || nanos > 999_999_999) {
                throw new IllegalArgumentException("range");
            }
            Instant at = Instant.ofEpochSecond(seconds, nanos);
            return new HistoryCursor(at, UUID.fromString(raw.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw ValidationException.of("after", "is not a cursor this history returned", cursor);
        }
    }
}
