package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.StoreHealthPort;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Cobro's open UNKNOWNs, read from both aggregates' status indexes, and its open payments by signing key. */
public final class PostgresStoreHealthAdapter implements StoreHealthPort {

    private final StoreCalls calls;

    PostgresStoreHealthAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public OpenUnknowns openUnknowns() {
        return calls.inTransaction("count open unknowns", s -> s.doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement("select count(*), min(updated_at) from ("
                    + " select updated_at from cobro.checkout_payment where status = 'UNKNOWN'"
                    + " union all select updated_at from cobro.card_authorization where status = 'UNKNOWN') u");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
                return new OpenUnknowns(rs.getLong(1), Optional.ofNullable(oldest).map(OffsetDateTime::toInstant));
            }
        }));
    }

    @Override
    public List<OpenPaymentsByKey> openPaymentsByKey() {
        return calls.inTransaction("count open payments by notification key", s -> s.doReturningWork(c -> {
            List<OpenPaymentsByKey> groups = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("select provider, account, notification_key_id, count(*),"
                    + " min(created_at) from cobro.checkout_payment"
                    + " where status in ('REQUESTED', 'AWAITING_CUSTOMER', 'UNKNOWN')"
                    + " group by provider, account, notification_key_id");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    groups.add(new OpenPaymentsByKey(ProviderId.of(rs.getString(1)), AccountId.of(rs.getString(2)),
                            rs.getString(3), rs.getLong(4), rs.getObject(5, OffsetDateTime.class).toInstant()));
                }
            }
            return groups;
        }));
    }
}
