package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.AuthorizationEntity;
import dev.cobro.adapters.persistence.entity.PaymentEntity;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.application.port.out.StoreHealthPort;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import org.hibernate.Session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Cobro's open UNKNOWNs, read from both aggregates' status indexes, and its open payments by signing key. */
public final class PostgresStoreHealthAdapter implements StoreHealthPort {

    private final StoreCalls calls;

    PostgresStoreHealthAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public OpenUnknowns openUnknowns() {
        return calls.inTransaction("count open unknowns", s -> {
            Object[] payments = unknowns(s, "PaymentEntity");
            Object[] authorizations = unknowns(s, "AuthorizationEntity");
            Optional<Instant> oldest = Stream.of(payments[1], authorizations[1])
                    .map(Instant.class::cast).filter(java.util.Objects::nonNull).min(Instant::compareTo);
            return new OpenUnknowns((Long) payments[0] + (Long) authorizations[0], oldest);
        });
    }

    /** How many of an aggregate are UNKNOWN, and since when the oldest; through its (status, updated_at) index. */
    private static Object[] unknowns(Session s, String entity) {
        return s.createQuery("select count(*), min(a.updatedAt) from " + entity + " a where a.status = 'UNKNOWN'",
                Object[].class).getSingleResult();
    }

    @Override
    public List<OpenPaymentsByKey> openPaymentsByKey() {
        return calls.inTransaction("count open payments by notification key", s -> s.createQuery(
                        "select p.provider, p.account, p.notificationKeyId, count(*), min(p.createdAt)"
                                + " from PaymentEntity p where p.status in ('REQUESTED', 'AWAITING_CUSTOMER', 'UNKNOWN')"
                                + " group by p.provider, p.account, p.notificationKeyId", Object[].class)
                .getResultList().stream()
                .map(r -> new OpenPaymentsByKey(ProviderId.of((String) r[0]), AccountId.of((String) r[1]),
                        (String) r[2], (Long) r[3], (Instant) r[4]))
                .toList());
    }
}
