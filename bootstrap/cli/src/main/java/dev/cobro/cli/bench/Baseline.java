package dev.cobro.cli.bench;

import dev.cobro.cli.embedded.CobroDatabase;
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
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * What a provider call with a write-ahead record costs at the least, to measure Cobro against: a
 * bare {@link HttpClient} (HTTP/1.1, as Cobro's Feign client), one token fetched once and reused,
 * and the same rows Cobro writes (transaction, status change, attempt before the call; their
 * outcome after it) as plain JDBC statements over a pool as large as Cobro's. No idempotency
 * look-up, no mapping layer, no ORM: whatever Cobro costs beyond this is its overhead.
 */
abstract class Baseline implements LoadRunner.Operation, AutoCloseable {

    /** Cobro's own pool holds 10 connections (CobroPersistence): the same here, so pools are not compared. */
    static final int POOL_SIZE = 10;

    static final ObjectMapper JSON = CobroJson.mapper();

    private final HikariDataSource pool;
    private final HttpClient http;
    private final Duration readTimeout;
    private long tokenRequests;

    Baseline(CobroDatabase database, Duration connectTimeout, Duration readTimeout) {
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

    /** The REQUESTED status change and attempt that go with a new transaction row, in its transaction. */
    static void insertRequestedRows(Connection c, String kind, UUID subject, UUID attempt, String provider,
                                    String operation, String redactedRequest, Timestamp at) throws SQLException {
        try (PreparedStatement change = c.prepareStatement("insert into cobro.status_change (subject_kind,"
                + " subject_id, position, from_status, to_status, reason, changed_at) values (?, ?, 0, null,"
                + " 'REQUESTED', 'requested', ?)")) {
            change.setString(1, kind);
            change.setObject(2, subject);
            change.setTimestamp(3, at);
            change.executeUpdate();
        }
        try (PreparedStatement row = c.prepareStatement("insert into cobro.provider_attempt (id, subject_kind,"
                + " subject_id, provider, operation, attempt_number, status, started_at, request) values (?, ?, ?,"
                + " ?, ?, 1, 'REQUESTED', ?, ?)")) {
            row.setObject(1, attempt);
            row.setString(2, kind);
            row.setObject(3, subject);
            row.setString(4, provider);
            row.setString(5, operation);
            row.setTimestamp(6, at);
            row.setString(7, redactedRequest);
            row.executeUpdate();
        }
    }

    /**
     * The outcome's status change and the finished attempt, in the transaction that updates the row.
     * Positions count from 0 and reasons read as Cobro's, so the rows are Cobro's, byte for byte near enough.
     */
    static void finishRows(Connection c, String kind, UUID subject, UUID attempt, String toStatus, String reason,
                           String attemptStatus, int httpStatus, String code, String message, String response,
                           Timestamp startedAt, Timestamp at) throws SQLException {
        try (PreparedStatement change = c.prepareStatement("insert into cobro.status_change (subject_kind,"
                + " subject_id, position, from_status, to_status, reason, changed_at) values (?, ?, 1,"
                + " 'REQUESTED', ?, ?, ?)")) {
            change.setString(1, kind);
            change.setObject(2, subject);
            change.setString(3, toStatus);
            change.setString(4, reason);
            change.setTimestamp(5, at);
            change.executeUpdate();
        }
        try (PreparedStatement row = c.prepareStatement("update cobro.provider_attempt set status = ?,"
                + " finished_at = ?, latency_ms = ?, http_status = ?, provider_code = ?, provider_message = ?,"
                + " response = ? where id = ?")) {
            row.setString(1, attemptStatus);
            row.setTimestamp(2, at);
            row.setLong(3, Duration.between(startedAt.toInstant(), at.toInstant()).toMillis());
            row.setInt(4, httpStatus);
            row.setString(5, code);
            row.setString(6, message);
            row.setString(7, response);
            row.setObject(8, attempt);
            row.executeUpdate();
        }
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21: its idle connections go with the JVM or the GC.
        pool.close();
    }
}
