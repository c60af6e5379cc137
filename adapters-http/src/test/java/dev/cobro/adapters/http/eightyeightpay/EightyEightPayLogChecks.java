package dev.cobro.adapters.http.eightyeightpay;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the 88Pay tests require of the captured logs. */
final class EightyEightPayLogChecks {

    private EightyEightPayLogChecks() {
    }

    /** The logs showed the 88Pay traffic (so the check is not vacuous) and none of the secrets. */
    static void assertShowTrafficButNoSecret(List<String> lines, String apiKey) {
        assertThat(lines).as("88Pay traffic was logged at DEBUG")
                .anyMatch(l -> l.contains("/api/auth/token"))
                .anyMatch(l -> l.contains("x-api-key"));
        assertThat(lines).as("no log line shows the API key, an access token or a session id")
                .noneMatch(l -> l.contains(apiKey))
                .noneMatch(l -> l.contains(EightyEightPayStubs.TOKEN_PREFIX))
                .noneMatch(l -> l.contains(EightyEightPayStubs.SESSION_PREFIX));
    }
}
