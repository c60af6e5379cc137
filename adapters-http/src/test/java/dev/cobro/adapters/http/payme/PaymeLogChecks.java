package dev.cobro.adapters.http.payme;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Pay-me tests require of the captured logs. */
final class PaymeLogChecks {

    /** A {@code security_code} shown with anything but the mask. */
    private static final Pattern CLEAR_CVV = Pattern.compile("security_code\"?\\s*[:=]\\s*\"?(?!\\*\\*\\*)[0-9]");

    private PaymeLogChecks() {
    }

    /** No PAN, CVV, token id, client secret or access token, in any line so far. */
    static void assertNoSecrets(List<String> lines) {
        assertThat(lines).as("log lines").noneMatch(l -> l.contains(PaymeTestData.SEED_PAN))
                .noneMatch(l -> l.contains(PaymeTestData.SEED_TOKEN))
                .noneMatch(l -> l.contains(PaymeTestData.CLIENT_SECRET))
                .noneMatch(l -> l.contains(PaymeTestData.ACCESS_TOKEN_PREFIX))
                .noneMatch(l -> CLEAR_CVV.matcher(l).find())
                .noneMatch(l -> l.contains("\"" + PaymeTestData.SEED_CARD_CVV + "\""))
                .noneMatch(l -> l.contains("\"" + PaymeTestData.SEED_TOKEN_CVV + "\""));
    }
}
