package dev.cobro.bootstrap.faults;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What Cobro left in its tables, read with plain JDBC behind Cobro's back: the tests judge the
 * rows themselves, not what the code under test says about them.
 */
public final class CobroRows {

    /** One provider_attempt row. */
    public record AttemptRow(UUID id, String operation, int number, String status, Integer httpStatus,
                             String providerMessage, String request, String response) {
    }

    /** One status_change row, in position order. */
    public record ChangeRow(int position, String from, String to, String reason) {
    }

    private final DataSource dataSource;

    public CobroRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<AttemptRow> attemptsOf(UUID subjectId) {
        return query("SELECT id, operation, attempt_number, status, http_status, provider_message, request, response"
                + " FROM cobro.provider_attempt WHERE subject_id = ? ORDER BY attempt_number", subjectId, rs ->
                new AttemptRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getString(4),
                        (Integer) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getString(8)));
    }

    public List<ChangeRow> statusChangesOf(UUID subjectId) {
        return query("SELECT position, from_status, to_status, reason FROM cobro.status_change"
                + " WHERE subject_id = ? ORDER BY position", subjectId, rs ->
                new ChangeRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    public Optional<String> paymentStatus(String merchantReference) {
        return query("SELECT status FROM cobro.checkout_payment WHERE merchant_reference = ?", merchantReference,
                rs -> rs.getString(1)).stream().findFirst();
    }

    public Optional<UUID> paymentId(String merchantReference) {
        return query("SELECT id FROM cobro.checkout_payment WHERE merchant_reference = ?", merchantReference,
                rs -> rs.getObject(1, UUID.class)).stream().findFirst();
    }

    public boolean lateNotification(UUID paymentId) {
        return query("SELECT late_notification FROM cobro.checkout_payment WHERE id = ?", paymentId,
                rs -> rs.getBoolean(1)).stream().findFirst().orElseThrow();
    }

    public Optional<UUID> authorizationId(String operationNumber) {
        return query("SELECT id FROM cobro.card_authorization WHERE operation_number = ?", operationNumber,
                rs -> rs.getObject(1, UUID.class)).stream().findFirst();
    }

    public Optional<String> authorizationStatus(String operationNumber) {
        return query("SELECT status FROM cobro.card_authorization WHERE operation_number = ?", operationNumber,
                rs -> rs.getString(1)).stream().findFirst();
    }

    public long count(String sql, Object parameter) {
        return query(sql, parameter, rs -> rs.getLong(1)).get(0);
    }

    /** Every stored text column a secret could hide in: attempt bodies and messages, reasons, notifications. */
    public List<String> everyStoredText() {
        List<String> texts = new ArrayList<>();
        for (String sql : List.of(
                "SELECT coalesce(request,'') || ' ' || coalesce(response,'') || ' ' || coalesce(provider_message,'')"
                        + " || ' ' || coalesce(provider_code,'') FROM cobro.provider_attempt",
                "SELECT reason FROM cobro.status_change",
                "SELECT coalesce(response_message,'') || ' ' || instrument_masked || ' '"
                        + " || coalesce(provider_masked_pan,'') FROM cobro.card_authorization",
                // The session id is kept by design (notifications match on it); the checkout URL is not secret.
                "SELECT coalesce(checkout_url,'') FROM cobro.checkout_payment")) {
            texts.addAll(query(sql, null, rs -> rs.getString(1)));
        }
        return texts;
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Object parameter, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            if (parameter != null) {
                st.setObject(1, parameter);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + sql, e);
        }
    }
}
