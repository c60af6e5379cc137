package dev.cobro.adapters.http.support;

import dev.cobro.domain.shared.Violations;

import static dev.cobro.adapters.http.support.HttpUrls.isHttpUrl;

/**
 * The checks every provider's settings make alike, each adding its violation under the setting's
 * name, so that a host sees the same message for the same mistake whichever provider it configures.
 * A secret's value is never repeated in a violation, not even a blank one.
 */
public final class SettingsChecks {

    private SettingsChecks() {
    }

    /** A required URL that {@link HttpUrls#isHttpUrl} accepts. */
    public static void requiredUrl(Violations v, String field, String url) {
        if (url == null || url.isBlank()) {
            v.add(field, "is required", url);
        } else {
            optionalUrl(v, field, url);
        }
    }

    /**
     * A required URL that {@link HttpUrls#isBaseUrl} accepts: also without a query or a fragment, for a
     * provider that appends its calls' paths to it.
     */
    public static void requiredBaseUrl(Violations v, String field, String url) {
        if (url == null || url.isBlank()) {
            v.add(field, "is required", url);
        } else if (!HttpUrls.isBaseUrl(url)) {
            // A URL with user info may carry a password: its value is not repeated.
            v.add(field, "must be an absolute http or https URL without user info, query or fragment",
                    url.contains("@") ? "***" : url);
        }
    }

    /** A required setting that is not a secret, so its value may be repeated. */
    public static void requiredText(Violations v, String field, String value) {
        if (value == null || value.isBlank()) {
            v.add(field, "is required", value);
        }
    }

    /** A URL that may be unset (null) and otherwise is one {@link HttpUrls#isHttpUrl} accepts. */
    public static void optionalUrl(Violations v, String field, String url) {
        if (url != null && !isHttpUrl(url)) {
            // A URL with user info may carry a password: its value is not repeated.
            v.add(field, "must be an absolute http or https URL without user info", url.contains("@") ? "***" : url);
        }
    }

    /** A required credential. */
    public static void requiredSecret(Violations v, String field, String secret) {
        if (secret == null || secret.isBlank()) {
            v.add(field, "is required", null);
        }
    }

    /** Connect and read timeouts, which every provider call needs. */
    public static void requiredTimeouts(Violations v, HttpTimeouts timeouts) {
        if (timeouts == null) {
            v.add("timeouts", "is required", null);
        }
    }
}
