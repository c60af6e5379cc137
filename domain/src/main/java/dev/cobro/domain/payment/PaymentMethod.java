package dev.cobro.domain.payment;

import dev.cobro.domain.shared.Chars;
import dev.cobro.domain.shared.Violations;

import java.util.Map;

/**
 * 88Pay's {@code method_code} and {@code method_category}. Known codes must sit in their
 * published category (88Pay's documentation); a code 88Pay adds later passes by form.
 */
public record PaymentMethod(String code, Category category) {

    public enum Category { CARD, WALLET, CASH, BANK, CRYPTO }

    private static final Map<String, Category> KNOWN = Map.ofEntries(
            Map.entry("CARDS", Category.CARD),
            Map.entry("NEQUI", Category.WALLET), Map.entry("DAVIPLATA", Category.WALLET),
            Map.entry("PAYPAL", Category.WALLET), Map.entry("MERCADOPAGO", Category.WALLET),
            Map.entry("CASH", Category.CASH), Map.entry("OXXO", Category.CASH),
            Map.entry("BANK_TRANSFER", Category.BANK), Map.entry("PSE", Category.BANK), Map.entry("SPEI", Category.BANK),
            Map.entry("USDT", Category.CRYPTO));

    public PaymentMethod {
        Violations v = new Violations();
        if (!isCode(code)) {
            v.add("method_code", "must be an upper-case 88Pay method code such as CARDS", code);
        }
        if (category == null) {
            v.add("method_category", "is required (CARD, WALLET, CASH, BANK or CRYPTO)", null);
        }
        if (v.isEmpty() && KNOWN.containsKey(code) && KNOWN.get(code) != category) {
            v.add("method_category", "method " + code + " belongs to category " + KNOWN.get(code), category.name());
        }
        v.throwIfAny();
    }

    /** Parses both fields as 88Pay spells them; one error names every problem. */
    public static PaymentMethod of(String code, String category) {
        Category parsed = null;
        for (Category c : Category.values()) {
            if (c.name().equals(category)) {
                parsed = c;
            }
        }
        if (parsed == null) {
            Violations v = new Violations();
            if (!isCode(code)) {
                v.add("method_code", "must be an upper-case 88Pay method code such as CARDS", code);
            }
            v.add("method_category", "must be one of CARD, WALLET, CASH, BANK, CRYPTO", category);
            v.throwIfAny();
        }
        return new PaymentMethod(code, parsed);
    }

    /**
     * {@code [A-Z][A-Z0-9_]{0,31}}, by hand: it is checked on every construction, on the request path, where a
     * regular expression's matcher costs more than the rest of the constructor.
     */
    private static boolean isCode(String code) {
        return code != null && !code.isEmpty() && code.length() <= 32 && Chars.isAsciiUpper(code.charAt(0))
                && Chars.allMatch(code, 1, code.length(),
                        c -> Chars.isAsciiUpper(c) || Chars.isAsciiDigit(c) || c == '_');
    }
}
