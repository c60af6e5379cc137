package dev.cobro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Runs the CLI in-process, as {@code main} would, with its own environment and streams. */
final class Cli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Cli() {
    }

    static CliResult run(Map<String, String> env, String... args) {
        return runWithStdin(env, "", args);
    }

    static CliResult runWithStdin(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CobroCli.execute(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A request file of {@code src/test/resources/cli}, as an editable tree. */
    static ObjectNode request(String name) {
        try (InputStream in = Cli.class.getResourceAsStream("/cli/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /cli/" + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seed's card request (example 3) with {@code pan}, an expiry in the future and no operation number. */
    static ObjectNode cardRequest(String pan, String customer) {
        ObjectNode request = request("authorize-card.json");
        ObjectNode card = (ObjectNode) request.get("payment_method").get("card").get(0);
        card.put("pan", pan);
        card.put("expiry_date", futureExpiry());
        ((ObjectNode) request.get("transaction").get("meta")).remove("internal_operation_number");
        if (customer != null) {
            request.put("customer_id", customer);
        }
        return request;
    }

    static String futureExpiry() {
        return YearMonth.now(ZoneOffset.UTC).plusYears(2).format(DateTimeFormatter.ofPattern("MMyy"));
    }

    static Path write(Path dir, String name, JsonNode content) {
        return write(dir, name, content.toString());
    }

    static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
