package dev.cobro.adapters.http.eightyeightpay;

import java.time.Instant;

/**
 * One 88Pay access token and the session it opens ({@code access_token}, {@code session_id}).
 * Both are secrets: {@link #toString()} shows neither.
 *
 * @param reuseUntil the last instant a new charge may take it: 50 s after it was requested, or
 *                   10 s before {@code expires_in} runs out, whichever is earlier
 */
record SessionToken(String accessToken, String sessionId, Instant requestedAt, Instant expiresAt, Instant reuseUntil) {

    boolean reusableAt(Instant now) {
        return now.isBefore(reuseUntil);
    }

    @Override
    public String toString() {
        return "SessionToken[accessToken=***, sessionId=***, requestedAt=" + requestedAt + ", expiresAt=" + expiresAt
                + "]";
    }
}
