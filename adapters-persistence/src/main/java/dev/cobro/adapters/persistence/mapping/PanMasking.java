package dev.cobro.adapters.persistence.mapping;

import dev.cobro.domain.authorization.CardSecret;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A last guard for the one column whose value comes straight from a provider's answer
 * (Pay-me's {@code masked_pan}): should a provider ever send a whole PAN there, only its masked
 * form is written.
 */
final class PanMasking {

    private static final Pattern DIGIT_RUN = Pattern.compile("[0-9]{13,19}");

    private PanMasking() {
    }

    static String neverWhole(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = DIGIT_RUN.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, CardSecret.maskPan(m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
