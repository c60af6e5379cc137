package dev.cobro.adapters.http.eightyeightpay;

import java.time.Instant;
import java.util.UUID;

/**
 * One 88Pay access token and the session it opens ({@code access_token}, {@code session_id}), as
 * this process holds it. {@code id} names it in the shared store (a 401 retires exactly this one).
 * Both secrets stay out of {@link #toString()}.
 *
 * @param reuseUntil the last instant, by this process's clock, a new charge may take it: the shared
 *                   store's reuse window (50 s, or 10 s before {@code expires_in} runs out) less the
 *                   token's age by the database clock when it was read
 */
record SessionToken(UUID id, String accessToken, String sessionId, Instant reuseUntil) {

    boolean reusableAt(Instant now) {
        return now.isBefore(reuseUntil);
    }

    @Override
    public String toString() {
        return "SessionToken[" + id + ", accessToken=***, sessionId=***, reuseUntil=" + reuseUntil + "]";
    }
}
