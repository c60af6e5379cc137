package dev.cobro.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.Redaction;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The CLI's JSON: Cobro's one Jackson setup ({@link CobroJson}: amounts stay BigDecimal), read
 * strictly (no trailing garbage, no duplicate keys), written as trees so that a null is printed
 * as {@code null} ({@code next_cursor} on the last page).
 */
final class CliJson {

    static final ObjectMapper MAPPER = CobroJson.mapper();

    private static final ObjectReader STRICT = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private CliJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Parses {@code text}; invalid JSON is bad input, reported by line and column. Jackson's message
     * quotes the offending token, which may be card data: quoted parts are left out.
     */
    static JsonNode parse(String text, String source) {
        if (text.isBlank()) {
            throw CliFailure.badInput(source + " is empty: a JSON object is expected");
        }
        try {
            JsonNode node = STRICT.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw CliFailure.badInput(source + " is empty: a JSON object is expected");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage()
                    .replaceAll("'[^'\\n]*'", "'…'")
                    .replaceAll("\"[^\"\\n]*\"", "\"…\"")
                    .lines().findFirst().orElse("");
            throw CliFailure.badInput(source + " is not valid JSON" + where + ": " + Redaction.scrubText(reason));
        }
    }

    static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Amounts are decimal strings in the CLI's output (the contract): never a float. */
    static String amount(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    /** Times are ISO-8601 in UTC. */
    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
