package dev.cobro.cli;

import dev.cobro.adapters.http.support.Redaction;

import java.util.regex.Pattern;

/**
 * A card number never travels as a command-line argument: arguments end up in shell history and
 * in every process listing. An argument that is a card number (13-19 digits passing Luhn, perhaps
 * in groups: {@code 4859 5100 0000 0051}), alone or as {@code --option=value}, is refused before
 * parsing, and never echoed. Digits inside a longer argument (a path, a cursor) are not a card:
 * temporary paths and timestamps hold long digit runs, and a tenth of them pass Luhn.
 */
final class CardNumberGuard {

    private static final Pattern GROUPED_DIGITS = Pattern.compile("[0-9]+(?:[ -][0-9]+)*");

    private CardNumberGuard() {
    }

    /** Why the arguments are refused, or null when none of them is a card number. */
    static String refusal(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (isCardNumber(args[i])) {
                return "argument " + (i + 1) + " looks like a card number, and card data is never accepted on the "
                        + "command line (it would stay in shell history and process listings); put it in the "
                        + "request file (--request-file FILE) or pipe it on stdin (--request-file -)";
            }
        }
        return null;
    }

    static boolean isCardNumber(String arg) {
        if (arg == null) {
            return false;
        }
        String value = arg.startsWith("-") && arg.indexOf('=') > 0 ? arg.substring(arg.indexOf('=') + 1) : arg;
        value = value.strip();
        if (!GROUPED_DIGITS.matcher(value).matches()) {
            return false;
        }
        String digits = value.replace(" ", "").replace("-", "");
        // The one redaction routine masks exactly the Luhn-valid 13-19 digit runs.
        return digits.length() >= 13 && digits.length() <= 19 && !Redaction.scrubText(digits).equals(digits);
    }
}
