package dev.cobro.adapters.http.support;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Redaction#scrubText} scans digit runs by hand; it must mask exactly what the regular
 * expression it replaced masked ({@code (?<![0-9])[0-9]{13,19}(?![0-9])}, Luhn-valid), which
 * {@link TreeWalkingRedaction} keeps as the reference.
 */
class ScrubTextTest {

    private static final String PAN = "4111111111111111";

    @Test
    void aCardNumberIsMaskedWhereverItStandsAndNothingElseIsTouched() {
        assertThat(Redaction.scrubText("card " + PAN + " declined")).isEqualTo("card 411111******1111 declined");
        assertThat(Redaction.scrubText(PAN)).isEqualTo("411111******1111");
        assertThat(Redaction.scrubText("{\"pan\":\"" + PAN + "\",\"x\":1}")).isEqualTo("{\"pan\":\"411111******1111\",\"x\":1}");
        assertThat(Redaction.scrubText("at 1701234567890 ms")).isEqualTo("at 1701234567890 ms");
        assertThat(Redaction.scrubText("9" + PAN)).as("a run longer than the card is not a card").isEqualTo("9" + PAN);
        assertThat(Redaction.scrubText("")).isEmpty();
        assertThat(Redaction.scrubText(null)).isNull();
    }

    @Test
    void itMasksExactlyWhatTheRegularExpressionMasked() {
        List<String> texts = new ArrayList<>(List.of(PAN + PAN, PAN + "x" + PAN, "x" + PAN + "x", "５" + PAN,
                "4111 1111 1111 1111", "000000000000000000000", "5555555555554444-378282246310005",
                "$" + PAN + "\\", "a\u0000" + PAN));
        // Texts of digits (some Luhn-valid card lengths) and separators, from a fixed seed.
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(4);
            for (int p = 0; p < parts; p++) {
                text.append(random.nextBoolean() ? luhnValid(random, 12 + random.nextInt(9))
                        : digits(random, 1 + random.nextInt(22)));
                text.append(" -x\"".charAt(random.nextInt(4)));
            }
            texts.add(text.toString());
        }

        int masked = 0;
        for (String text : texts) {
            String scrubbed = Redaction.scrubText(text);
            assertThat(scrubbed).as(text).isEqualTo(TreeWalkingRedaction.scrubText(text));
            masked += scrubbed.equals(text) ? 0 : 1;
        }
        assertThat(masked).as("texts holding a card number").isGreaterThan(1_000);
    }

    private static String digits(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    /** {@code length} digits whose last one makes the Luhn sum a multiple of 10. */
    private static String luhnValid(SplittableRandom random, int length) {
        String body = digits(random, length - 1);
        int sum = 0;
        for (int i = body.length() - 1, position = 1; i >= 0; i--, position++) {
            int d = body.charAt(i) - '0';
            if (position % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return body + (char) ('0' + (10 - sum % 10) % 10);
    }
}
