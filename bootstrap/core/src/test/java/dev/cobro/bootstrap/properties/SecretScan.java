package dev.cobro.bootstrap.properties;

import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Looks for secrets where none may be: exception messages, log lines, stored rows. A secret
 * counts only when it is distinctive enough not to turn up by chance (a 3-digit CVV would match
 * half the numbers in a message), so a CVV is looked for by its field instead of its digits.
 */
final class SecretScan {

    /** A {@code security_code} (or cvv) shown with anything but a mask. */
    private static final Pattern CLEAR_CVV =
            Pattern.compile("(security_code|cvv)\"?\\s*[:=]\\s*\"?(?!\\*\\*\\*)[0-9]{3,4}", Pattern.CASE_INSENSITIVE);

    private final List<String> secrets = new ArrayList<>();

    private SecretScan() {
    }

    static SecretScan of(Collection<String> alwaysSecret) {
        SecretScan scan = new SecretScan();
        alwaysSecret.forEach(scan::secret);
        return scan;
    }

    /** A value that must not show; ignored when too short or too plain to be told from chance. */
    SecretScan secret(String value) {
        if (value != null && value.strip().length() >= 8) {
            secrets.add(value);
        }
        return this;
    }

    /** A card number that must not show in full: only long digit runs are distinctive. */
    SecretScan pan(String value) {
        if (value != null && value.matches("[0-9]{12,}")) {
            secrets.add(value);
        }
        return this;
    }

    void assertAbsentFrom(String where, Collection<String> texts) {
        for (String text : texts) {
            assertAbsentFrom(where, text);
        }
    }

    void assertAbsentFrom(String where, String text) {
        if (text == null) {
            return;
        }
        for (String secret : secrets) {
            assertThat(text).as("%s must not carry a secret", where).doesNotContain(secret);
        }
        assertThat(CLEAR_CVV.matcher(text).find()).as("%s shows a CVV in clear: %s", where, text).isFalse();
    }

    /** The whole exception chain; a validation error's secret fields must show masked values only. */
    void assertAbsentFrom(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertAbsentFrom(t.getClass().getSimpleName() + " message", t.getMessage());
            if (t instanceof ValidationException invalid) {
                for (Violation v : invalid.violations()) {
                    String field = v.field().toLowerCase(Locale.ROOT);
                    if (v.value() != null && (field.contains("security_code") || field.contains("cvv"))) {
                        assertThat(v.value()).as("the value shown for %s", v.field()).isEqualTo("***");
                    }
                }
            }
        }
    }
}
