package dev.cobro.domain.shared;

import java.util.regex.Pattern;

/**
 * An absolute http(s) URL, such as 88Pay's {@code notification_url} and {@code return_url}.
 * Checked by form only: the domain does not use java.net.
 */
public record HttpUrl(String value) {

    private static final Pattern FORM = Pattern.compile("https?://[^\\s/?#@]+(:[0-9]{1,5})?([/?#][^\\s]*)?",
            Pattern.CASE_INSENSITIVE);
    public static final int MAX = 2048;

    public HttpUrl {
        Violations v = new Violations();
        Text.required(v, "url", value, MAX);
        if (v.isEmpty() && !FORM.matcher(value).matches()) {
            v.add("url", "must be an absolute http or https URL", Text.abbreviate(value));
        }
        v.throwIfAny();
    }

    /** The URL of a named field ({@code notification_url}): a violation names that field. */
    public static HttpUrl of(String field, String value) {
        try {
            return new HttpUrl(value);
        } catch (ValidationException e) {
            throw new ValidationException(e.violations().stream()
                    .map(v -> new Violation(field, v.rule(), v.value())).toList());
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
