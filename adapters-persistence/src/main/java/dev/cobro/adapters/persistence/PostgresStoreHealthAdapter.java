package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.StoreHealthPort;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Cobro's open UNKNOWNs, read from both aggregates' status indexes. */
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
}
