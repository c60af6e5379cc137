package dev.cobro.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cobro.adapters.http.support.CobroJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a provider call with a write-ahead record costs at the least, to measure Cobro against: a
 * bare {@link HttpClient} (HTTP/1.1, as Cobro's Feign client), one token fetched once and reused,
 * and the same rows Cobro writes (transaction, status change and its outcome event, attempt before
 * the call; their outcome after it) as plain JDBC statements over a pool as large as Cobro's, each
 * transaction in one round trip ({@link OneRoundTrip}). No idempotency look-up, no guard, no mapping
 * layer, no ORM: whatever Cobro costs beyond this is its overhead.
 */
abstract class Baseline implements LoadRunner.Operation, AutoCloseable {

    /** Cobro's own pool holds 10 connections (CobroPersistence): the same here, so pools are not compared. */
    static final int POOL_SIZE = 10;

    static final ObjectMapper JSON = CobroJson.mapper();

    private final HikariDataSource pool;
    private final HttpClient http;
    private final Duration readTimeout;
    private long tokenRequests;

    Baseline(BenchDatabase database, Duration connectTimeout, Duration readTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setPoolName("cobro-bench-baseline");
        config.setMaximumPoolSize(POOL_SIZE);
        this.pool = new HikariDataSource(config);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.readTimeout = readTimeout;
    }

    /** Token requests the baseline sent; the sandbox counts them too. */
    final synchronized long tokenRequests() {
        return tokenRequests;
    }

    final synchronized void countTokenRequest() {
        tokenRequests++;
    }

    final Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** One HTTP exchange; the status and the body as text. */
    final HttpResponse<String> send(String method, String url, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(readTimeout);
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "null" : body);
        } catch (IOException notJson) {
            return JSON.nullNode();
        }
    }

    static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** PostgreSQL keeps microseconds, as Cobro's clock does. */
    static Timestamp now() {
        return Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * The statements of one transaction, sent as Cobro sends its writes: one prepared statement of
     * several SQL statements on an auto-commit connection, so one round trip (one Sync), which
     * PostgreSQL runs as one transaction. The least a transaction of several rows can cost.
     */
    static final class OneRoundTrip {

        private final StringBuilder sql = new StringBuilder();
        private final List<Object> values = new ArrayList<>();

        OneRoundTrip add(String statement, Object... parameters) {
            sql.append(sql.isEmpty() ? "" : ";\n").append(statement);
            values.addAll(Arrays.asList(parameters));
            return this;
        }

        /** Sends it; returns the first statement's update count. */
        int send(Connection c) throws SQLException {
            try (PreparedStatement st = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < values.size(); i++) {
                    st.setObject(i + 1, values.get(i));
                }
                st.execute();
                return st.getUpdateCount();
            }
        }
    }

    /**
     * The REQUESTED status change with its outcome event, and the REQUESTED attempt, that go with a new
     * transaction row, in its transaction. The baseline hands its events to its host as it writes them
     * (written delivered), so Cobro's dispatcher, which delivers every pending event of the database,
     * never delivers the baseline's.
     */
    static void requestedRows(OneRoundTrip t, String kind, UUID subject, UUID attempt, String provider,
                              String reference, String operation, String redactedRequest, Timestamp at) {
        t.add("insert into cobro.status_change (subject_kind, subject_id, position, from_status, to_status, reason,"
                + " changed_at) values (?, ?, 0, null, 'REQUESTED', 'requested', ?)", kind, subject, at);
        t.add("insert into cobro.outcome_event (subject_kind, subject_id, provider, account, reference, from_status,"
                + " to_status, reason, flags, occurred_at, delivered_at) values (?, ?, ?, 'default', ?, null,"
                + " 'REQUESTED', 'requested', '', ?, ?)", kind, subject, provider, reference, at, at);
        t.add("insert into cobro.provider_attempt (id, subject_kind, subject_id, provider, operation, attempt_number,"
                + " status, started_at, request) values (?, ?, ?, ?, ?, 1, 'REQUESTED', ?, ?)",
                attempt, kind, subject, provider, operation, at, redactedRequest);
    }

    /**
     * The outcome's status change with its outcome event, and the finished attempt, in the transaction
     * that updates the row. Positions count from 0 and reasons read as Cobro's, so the rows are Cobro's,
     * byte for byte near enough.
     */
    static void finishedRows(OneRoundTrip t, String kind, UUID subject, UUID attempt, String provider, String reference,
                             String toStatus, String reason, String attemptStatus, int httpStatus, String code,
                             String message, String response, Timestamp startedAt, Timestamp at) {
        t.add("insert into cobro.status_change (subject_kind, subject_id, position, from_status, to_status, reason,"
                + " changed_at) values (?, ?, 1, 'REQUESTED', ?, ?, ?)", kind, subject, toStatus, reason, at);
        t.add("insert into cobro.outcome_event (subject_kind, subject_id, provider, account, reference, from_status,"
                + " to_status, reason, flags, occurred_at, delivered_at) values (?, ?, ?, 'default', ?, 'REQUESTED',"
                + " ?, ?, '', ?, ?)", kind, subject, provider, reference, toStatus, reason, at, at);
        t.add("update cobro.provider_attempt set status = ?, finished_at = ?, latency_ms = ?, http_status = ?,"
                + " provider_code = ?, provider_message = ?, response = ? where id = ?", attemptStatus, at,
                Duration.between(startedAt.toInstant(), at.toInstant()).toMillis(), httpStatus, code, message,
                response, attempt);
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21: its idle connections go with the JVM or the GC.
        pool.close();
    }
}
