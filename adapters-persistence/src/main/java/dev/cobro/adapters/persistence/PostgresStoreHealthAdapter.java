package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.application.port.out.StoreHealthPort;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cobro's open UNKNOWNs, read from both aggregates' status indexes, and its open payments by signing
 * key. Plain SQL, not HQL: health, the start-up warning and the gauges read a few counts, and they
 * answer without waiting for Hibernate's start (a {@code cobro health} process never needs it).
 */
public final class PostgresStoreHealthAdapter implements StoreHealthPort {

    // Through ix_checkout_payment_status_updated and ix_card_authorization_status_updated.
    private static final String UNKNOWNS = "select count(*), min(updated_at) from %s where status = 'UNKNOWN'";
    private static final String OPEN_BY_KEY = "select provider, account, notification_key_id, count(*), min(created_at)"
            + " from cobro.checkout_payment where status in ('REQUESTED', 'AWAITING_CUSTOMER', 'UNKNOWN')"
            + " group by provider, account, notification_key_id";

    private final StoreCalls calls;

    PostgresStoreHealthAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public OpenUnknowns openUnknowns() {
        return calls.plain("count open unknowns", c -> {
            Unknowns payments = unknowns(c, "cobro.checkout_payment");
            Unknowns authorizations = unknowns(c, "cobro.card_authorization");
            Optional<Instant> oldest = Stream.of(payments.oldest(), authorizations.oldest())
                    .flatMap(Optional::stream).min(Instant::compareTo);
            return new OpenUnknowns(payments.count() + authorizations.count(), oldest);
        });
    }

    private record Unknowns(long count, Optional<Instant> oldest) {
    }

    private static Unknowns unknowns(Connection c, String table) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(UNKNOWNS.formatted(table)); ResultSet rs = st.executeQuery()) {
            rs.next();
            return new Unknowns(rs.getLong(1), instant(rs, 2));
        }
    }

    @Override
    public List<OpenPaymentsByKey> openPaymentsByKey() {
        return calls.plain("count open payments by notification key", c -> {
            List<OpenPaymentsByKey> groups = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(OPEN_BY_KEY); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    groups.add(new OpenPaymentsByKey(ProviderId.of(rs.getString(1)), AccountId.of(rs.getString(2)),
                            rs.getString(3), rs.getLong(4), instant(rs, 5).orElseThrow()));
                }
            }
            return List.copyOf(groups);
        });
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
