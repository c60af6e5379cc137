package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Every text column: what a provider sent is recorded whatever it holds. PostgreSQL text cannot
 * hold NUL, so a NUL is written as the six characters backslash-u-0000 instead of failing the
 * transaction and losing the outcome. Cobro's own input never holds one (the domain refuses
 * control characters).
 */
@Converter(autoApply = true)
public class NulSafeText implements AttributeConverter<String, String> {

    private static final String NUL = String.valueOf((char) 0);

    @Override
    public String convertToDatabaseColumn(String text) {
        return safe(text);
    }

    /**
     * The same, for a value bound to a query rather than written through an entity. It runs on every
     * text column of every write: the search is for the char, which {@code indexOf(int)} does in one
     * intrinsic pass, where {@code contains} searches for a one-character string.
     */
    public static String safe(String text) {
        return text == null || text.indexOf(0) < 0 ? text : text.replace(NUL, "\\u0000");
    }

    @Override
    public String convertToEntityAttribute(String column) {
        return column;
    }
}
