package dev.cobro.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * 88Pay's token-generation limit for one merchant: 10 a minute and 100 an hour ("Rate Limits",
 * sandbox and production alike). A sliding window over issued tokens, so it is never more lenient
 * than a fixed-window limiter would be; refused requests do not count.
 */
final class TokenRateLimiter {

    static final int PER_MINUTE = 10;
    static final int PER_HOUR = 100;
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    /** Issue times, oldest first; nothing older than an hour is kept. */
    private final Deque<Instant> issued = new ArrayDeque<>();

    /** The outcome and what the {@code X-RateLimit-*} headers report. */
    record Decision(boolean allowed, int limit, int remaining, Instant reset, long retryAfterSeconds) {
    }

    synchronized Decision tryAcquire(Instant now) {
        Instant hourAgo = now.minus(HOUR);
        while (!issued.isEmpty() && !issued.peekFirst().isAfter(hourAgo)) {
            issued.removeFirst();
        }
        Instant minuteAgo = now.minus(MINUTE);
        int inMinute = 0;
        Instant oldestInMinute = null;
        for (Iterator<Instant> it = issued.descendingIterator(); it.hasNext(); ) {
            Instant at = it.next();
            if (!at.isAfter(minuteAgo)) {
                break;
            }
            inMinute++;
            oldestInMinute = at;
        }
        if (issued.size() >= PER_HOUR) {
            return refused(PER_HOUR, issued.peekFirst().plus(HOUR), now);
        }
        if (inMinute >= PER_MINUTE) {
            return refused(PER_MINUTE, oldestInMinute.plus(MINUTE), now);
        }
        issued.addLast(now);
        Instant reset = (oldestInMinute == null ? now : oldestInMinute).plus(MINUTE);
        return new Decision(true, PER_MINUTE, PER_MINUTE - inMinute - 1, reset, 0);
    }

    private static Decision refused(int limit, Instant reset, Instant now) {
        long millis = Duration.between(now, reset).toMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        return new Decision(false, limit, 0, reset, seconds);
    }
}
