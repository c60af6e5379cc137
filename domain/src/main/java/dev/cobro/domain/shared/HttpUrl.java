package dev.cobro.domain.shared;

/**
 * An absolute http(s) URL, such as 88Pay's {@code notification_url} and {@code return_url}.
 * Checked by form only: the domain does not use java.net.
 */
public record HttpUrl(String value) {

    public static final int MAX = 2048;

    public HttpUrl {
        Violations v = new Violations();
        Text.required(v, "url", value, MAX);
        if (v.isEmpty() && !hasForm(value)) {
            v.add("url", "must be an absolute http or https URL", Text.abbreviate(value));
        }
        v.throwIfAny();
    }

    /**
     * {@code https?://[^\s/?#@]+(:[0-9]{1,5})?([/?#][^\s]*)?}, ASCII case-insensitive, by hand: it is checked
     * on every construction, on the request path, where a regular expression's matcher costs more than the
     * rest of the constructor. A port needs no test of its own: ':' and digits are host characters already,
     * so the host runs to the first '/', '?' or '#' and holds no '@'; nothing holds a space.
     */
    static boolean hasForm(String value) {
        int host = Chars.startsWithIgnoreAsciiCase(value, "https://") ? 8
                : Chars.startsWithIgnoreAsciiCase(value, "http://") ? 7 : -1;
        if (host < 0) {
            return false;
        }
        int n = value.length();
        int end = host;
        while (end < n && value.charAt(end) != '/' && value.charAt(end) != '?' && value.charAt(end) != '#') {
            end++;
        }
        return end > host && Chars.allMatch(value, host, end, c -> c != '@' && !Chars.isSpace(c))
                && Chars.allMatch(value, end, n, c -> !Chars.isSpace(c));
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
