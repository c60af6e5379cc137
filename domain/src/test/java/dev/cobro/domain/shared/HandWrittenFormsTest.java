package dev.cobro.domain.shared;

import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.Instrument;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.PaymentMethod;
import dev.cobro.domain.payment.PaymentRefund;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value objects check their forms by hand, not by regular expressions. Each check must accept exactly what
 * the expression it replaces matched: here that expression is the oracle, over a fixed corpus of strings (every
 * string of up to two characters of a set of telling ones, and every one-character change of valid values at
 * their shortest and longest), through the public factories where they are enough.
 */
class HandWrittenFormsTest {

    /**
     * Each character class's edges and what lies just beyond them ('/', ':', '@', '[', '`' and '{' around the
     * digits and letters), the punctuation the forms allow or refuse, every {@code \s} and the spaces it does not
     * cover, non-ASCII digits and letters that Unicode-aware tests would take, the long s and the Kelvin sign that
     * case folding would, controls and lone surrogates (two of them make a pair).
     */
    private static final String ALPHABET = "0129azAZ/:@[`{._-*#?%+~ \t\n\u000B\f\r"
            + "\u00A0\u0085\u2028\u0663\uFF10\uFF21\uFF41\u00E9\u017F\u212A\u0000\u007F\uD83D\uDE00";

    private static final String VALID_PAN = "4111111111111111";

    // ---- shared ----

    @Test
    void providerId(TestReporter reporter) {
        Set<String> corpus = corpus("", "a", "0", "88pay", "payme", "my_provider-2", "a_-9".repeat(8),
                "9" + "z_-0".repeat(7) + "abc");
        assertAgrees(reporter, "ProviderId", corpus, regex("[a-z0-9][a-z0-9_-]{0,31}"),
                s -> accepted(() -> new ProviderId(s), ValidationException.class));
    }

    @Test
    void accountId(TestReporter reporter) {
        Set<String> corpus = corpus("", "a", "_", "-", "default", "_a-9".repeat(8), "z".repeat(31));
        assertAgrees(reporter, "AccountId", corpus, regex("[a-z0-9_-]{1,32}"),
                s -> accepted(() -> new AccountId(s), ValidationException.class));
    }

    @Test
    void httpUrl(TestReporter reporter) {
        Set<String> corpus = corpus("hHtTpPsS", "http://a", "https://a", "HTTP://A", "hTtPs://shop.example",
                "https://shop.example:8080/cobro/notify?x=1#top", "http://h:65535", "http://h:123456/p",
                "https://user@shop.example/", "https://shop.example/a b", "https://shop.example/?q=a@b",
                "http://[::1]:80/", "https://shop.example#", "https://x?");
        corpus.addAll(product(
                List.of("http", "https", "HTTP", "HTTPS", "Https", "hTTp", "htp", "httpss", "ftp", "", "http\u017F",
                        "\u212Attp"),
                List.of("://", ":/", ":///", "//", ""),
                List.of("", "a", "shop.example", "user@shop", "@", "a b", "a\tb", "[::1]", "ex\u00A0ample", ":", "%40"),
                List.of("", ":", ":0", ":80", ":443", ":8080", ":65535", ":123456", ":a", ": 1"),
                List.of("", "/", "?", "#", "/p q", "/p\tq", "/p\u00A0q", "?q=1", "#f", "/@x", "?a@b", "#@", "//x",
                        "/?#", "/p ", " ")));
        Predicate<String> regex = regex("https?://[^\\s/?#@]+(:[0-9]{1,5})?([/?#][^\\s]*)?", Pattern.CASE_INSENSITIVE);

        assertAgrees(reporter, "HttpUrl form", nonNull(corpus), regex, HttpUrl::hasForm);
        // The constructor checks the form of what Text.required lets through (present, short, no control).
        assertAgrees(reporter, "HttpUrl", corpus, s -> passesRequired(s, HttpUrl.MAX) && regex.test(s),
                s -> accepted(() -> new HttpUrl(s), ValidationException.class));
    }

    @Test
    void digits(TestReporter reporter) {
        Set<String> corpus = corpus("345678", "0", "1234567890", "9".repeat(15), "0".repeat(40));
        assertAgrees(reporter, "Text.isDigits", corpus, regex("[0-9]+"), Text::isDigits);
    }

    @Test
    void email(TestReporter reporter) {
        Set<String> corpus = corpus("", "a@b.c", "first.last@shop.example", "a@b..c", "a@.b.c", "a@b.c.",
                "x@y.z.w", "\u00F1@\u00FC.\u00E9");
        corpus.addAll(product(
                List.of("", "a", "a.b", ".", "a b", "a\u00A0", "\u00F1"),
                List.of("@", "@@", "", " @"),
                List.of("", ".", "..", "...", "b", ".b", "b.", "b.c", ".b.", "b..c", "b.c.", ".b.c", "b.c.d", "b c.d",
                        "b\t.c", "b.c ", "b.@c", "b.c@d")));
        Predicate<String> regex = regex("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

        assertAgrees(reporter, "Text email form", nonNull(corpus), regex, Text::isEmailForm);
        assertAgrees(reporter, "Text.email", corpus, s -> s == null || s.isBlank() || regex.test(s), s -> {
            Violations v = new Violations();
            Text.email(v, "email", s, 60);
            return v.list().stream().noneMatch(x -> x.rule().equals("must be an e-mail address"));
        });
    }

    @Test
    void alphabeticCurrencyCode(TestReporter reporter) {
        Set<String> corpus = corpus("BCDEFGHIJKLMNOPQRSTUVWXY", "PEN", "USD", "AAA", "ZZZ", "XXX");
        assertAgrees(reporter, "Money.parseCurrency", corpus, regex("[A-Z]{3}"),
                s -> !rejectedAs(() -> Money.parseCurrency(s), "must be an ISO 4217 alphabetic code"));
    }

    @Test
    void numericCurrencyCode(TestReporter reporter) {
        Set<String> corpus = corpus("345678", "604", "008", "999", "000");
        assertAgrees(reporter, "Money.currencyOfNumericCode", corpus, regex("[0-9]{3}"),
                s -> !rejectedAs(() -> Money.currencyOfNumericCode(s), "must be a three-digit ISO 4217 numeric code"));
    }

    // ---- payment ----

    @Test
    void paymentMethodCode(TestReporter reporter) {
        Set<String> corpus = corpus("", "A", "Z", "CARDS", "BANK_TRANSFER", "A_9", "AB_9".repeat(8), "Z".repeat(31));
        Predicate<String> regex = regex("[A-Z][A-Z0-9_]{0,31}");

        assertAgrees(reporter, "PaymentMethod", corpus, regex,
                s -> !methodCodeRejected(() -> new PaymentMethod(s, PaymentMethod.Category.CARD)));
        assertAgrees(reporter, "PaymentMethod.of", corpus, regex,
                s -> !methodCodeRejected(() -> PaymentMethod.of(s, "NOT_A_CATEGORY")));
    }

    @Test
    void merchantReference(TestReporter reporter) {
        Set<String> corpus = corpus("", "a", "Z", "0", "order-42:payme/1#x.y_z", "a._:/#-".repeat(9) + "Z",
                "9" + "z".repeat(63), "Q" + "-".repeat(62));
        Predicate<String> regex = regex("[A-Za-z0-9][A-Za-z0-9._:/#-]*");
        assertAgrees(reporter, "MerchantReference", corpus,
                s -> s != null && !s.isBlank() && s.length() <= MerchantReference.MAX && regex.test(s),
                s -> accepted(() -> new MerchantReference(s), ValidationException.class));
    }

    @Test
    void refundKey(TestReporter reporter) {
        Set<String> corpus = corpus("", "a", ".", "-", "refund-1:a.b_c", "aZ09._:-".repeat(8), "k".repeat(63));
        assertAgrees(reporter, "PaymentRefund.isKey", corpus,
                regex("[A-Za-z0-9._:-]{1," + PaymentRefund.MAX_KEY_LENGTH + "}"), PaymentRefund::isKey);
    }

    // ---- authorization ----

    @Test
    void maskedPan(TestReporter reporter) {
        Set<String> corpus = corpus("", "411111***1111", "411111******1111", "411111*********1111");
        for (int stars = 0; stars <= 11; stars++) {
            corpus.addAll(product(List.of("41111", "411111", "4111111", "41111*"), List.of("*".repeat(stars)),
                    List.of("111", "1111", "11111", "*111")));
        }
        assertAgrees(reporter, "Instrument (card)", corpus, regex("[0-9]{6}\\*{3,9}[0-9]{4}"),
                s -> accepted(() -> new Instrument(CardSecret.Kind.CARD, s, null), ValidationException.class));
    }

    @Test
    void maskedToken(TestReporter reporter) {
        Set<String> corpus = corpus("", "****", "****0051", "****a_-Z", "****ab");
        for (int stars = 0; stars <= 6; stars++) {
            corpus.addAll(product(List.of("*".repeat(stars)), List.of("", "0", "a_", "a_-", "0051", "00511", "*")));
        }
        assertAgrees(reporter, "Instrument (token)", corpus, regex("\\*{4}[A-Za-z0-9_-]{0,4}"),
                s -> accepted(() -> new Instrument(CardSecret.Kind.TOKEN, s, "hash"), ValidationException.class));
    }

    @Test
    void pan(TestReporter reporter) {
        Set<String> corpus = corpus("", VALID_PAN, "4222222222222", "4859510000000000005", "0".repeat(13));
        assertAgrees(reporter, "CardSecret.card (pan)", corpus, regex("[0-9]{13,19}"),
                s -> !violated(() -> CardSecret.card(s, "1230", "123"), "must be 13 to 19 digits"));
    }

    @Test
    void expiry(TestReporter reporter) {
        Set<String> corpus = corpus("345678", "0129", "1299", "1000", "0100");
        for (int month = 0; month <= 99; month++) {
            String mm = (month < 10 ? "0" : "") + month;
            corpus.addAll(product(List.of(mm, mm.substring(1)), List.of("", "0", "00", "29", "99", "999", "a9")));
        }
        assertAgrees(reporter, "CardSecret.card (expiry)", corpus, regex("(0[1-9]|1[0-2])[0-9]{2}"),
                s -> !violated(() -> CardSecret.card(VALID_PAN, s, "123"), "must be MMYY"));
    }

    @Test
    void tokenId(TestReporter reporter) {
        Set<String> corpus = corpus("", "a", "_", "-", "822a-748e-3z9h-0051", "aZ_-9".repeat(5), "t".repeat(24));
        Predicate<String> regex = regex("[A-Za-z0-9_-]+");
        assertAgrees(reporter, "CardSecret.token (id)", corpus,
                s -> s == null || s.isBlank() || s.length() <= CardSecret.TOKEN_MAX && regex.test(s),
                s -> !violated(() -> CardSecret.token(s, null), "must be 1 to " + CardSecret.TOKEN_MAX + " letters"));
    }

    @Test
    void cvv(TestReporter reporter) {
        Set<String> corpus = corpus("345678", "123", "1234", "000", "9999");
        Predicate<String> regex = regex("[0-9]{3,4}");
        assertAgrees(reporter, "CardSecret.card (cvv)", corpus, s -> s == null || regex.test(s),
                s -> !violated(() -> CardSecret.card(VALID_PAN, "1230", s), "must be 3 or 4 digits"));
        assertAgrees(reporter, "CardSecret.token (cvv)", corpus, s -> s == null || regex.test(s),
                s -> !violated(() -> CardSecret.token("tok_1", s), "must be 3 or 4 digits"));
    }

    // ---- the corpus and the comparison ----

    /**
     * Null, the empty string, every string of one or two characters of {@link #ALPHABET} and {@code extra}, and
     * each value with every character replaced by each of those, each of those inserted before every character
     * and after the last, and every character removed: so a value at its shortest and longest length gives
     * strings one shorter and one longer too.
     */
    private static Set<String> corpus(String extra, String... values) {
        String alphabet = ALPHABET + extra;
        Set<String> corpus = new LinkedHashSet<>();
        corpus.add(null);
        corpus.add("");
        for (int i = 0; i < alphabet.length(); i++) {
            corpus.add(String.valueOf(alphabet.charAt(i)));
            for (int j = 0; j < alphabet.length(); j++) {
                corpus.add("" + alphabet.charAt(i) + alphabet.charAt(j));
            }
        }
        for (String value : values) {
            corpus.add(value);
            for (int at = 0; at <= value.length(); at++) {
                String before = value.substring(0, at);
                if (at < value.length()) {
                    corpus.add(before + value.substring(at + 1));
                }
                for (int j = 0; j < alphabet.length(); j++) {
                    char c = alphabet.charAt(j);
                    corpus.add(before + c + value.substring(at));
                    if (at < value.length()) {
                        corpus.add(before + c + value.substring(at + 1));
                    }
                }
            }
        }
        return corpus;
    }

    /** Every concatenation of one part of each list, in order. */
    @SafeVarargs
    private static List<String> product(List<String>... parts) {
        List<String> result = List.of("");
        for (List<String> part : parts) {
            List<String> longer = new ArrayList<>();
            for (String prefix : result) {
                for (String p : part) {
                    longer.add(prefix + p);
                }
            }
            result = longer;
        }
        return result;
    }

    private static Collection<String> nonNull(Collection<String> corpus) {
        return corpus.stream().filter(s -> s != null).toList();
    }

    /** The old check: a whole-string match of the expression; null never matched (it never reached it). */
    private static Predicate<String> regex(String regex) {
        return regex(regex, 0);
    }

    private static Predicate<String> regex(String regex, int flags) {
        Pattern pattern = Pattern.compile(regex, flags);
        return s -> s != null && pattern.matcher(s).matches();
    }

    private static void assertAgrees(TestReporter reporter, String check, Collection<String> corpus,
                                     Predicate<String> oracle, Predicate<String> handWritten) {
        List<String> disagreements = new ArrayList<>();
        for (String s : corpus) {
            boolean expected = oracle.test(s);
            if (handWritten.test(s) != expected) {
                disagreements.add(visible(s) + (expected ? " should be accepted" : " should be rejected"));
            }
        }
        reporter.publishEntry(check, corpus.size() + " strings");
        assertThat(disagreements).as(check + " against its regular expression, over " + corpus.size() + " strings")
                .isEmpty();
    }

    /** True when the factory returns; false when it throws, which it must do with exactly {@code rejection}. */
    private static boolean accepted(Runnable factory, Class<? extends RuntimeException> rejection) {
        try {
            factory.run();
            return true;
        } catch (RuntimeException e) {
            assertThat(e).isExactlyInstanceOf(rejection);
            return false;
        }
    }

    /** The factory throws exactly an IllegalArgumentException whose message says {@code rule}. */
    private static boolean rejectedAs(Runnable factory, String rule) {
        return rejected(factory, IllegalArgumentException.class, e -> e.getMessage().contains(rule));
    }

    /** The factory throws a ValidationException naming {@code rule} (as the start of one of its rules). */
    private static boolean violated(Runnable factory, String rule) {
        return rejected(factory, ValidationException.class,
                e -> e.violations().stream().anyMatch(v -> v.rule().startsWith(rule)));
    }

    private static boolean methodCodeRejected(Runnable factory) {
        return rejected(factory, ValidationException.class,
                e -> e.violations().stream().anyMatch(v -> v.field().equals("method_code")));
    }

    /** False when the factory returns; when it throws, it must throw exactly {@code type}, and {@code says} tells. */
    private static <E extends RuntimeException> boolean rejected(Runnable factory, Class<E> type, Predicate<E> says) {
        try {
            factory.run();
            return false;
        } catch (RuntimeException e) {
            assertThat(e).isExactlyInstanceOf(type);
            return says.test(type.cast(e));
        }
    }

    private static boolean passesRequired(String s, int max) {
        Violations v = new Violations();
        Text.required(v, "url", s, max);
        return v.isEmpty();
    }

    /** A string as a message can show it: controls, spaces and non-ASCII as escapes. */
    private static String visible(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c > ' ' && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return out.append('"').toString();
    }
}
