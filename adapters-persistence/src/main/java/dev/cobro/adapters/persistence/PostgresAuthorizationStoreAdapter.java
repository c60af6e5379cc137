package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import org.hibernate.Session;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Card authorizations in cobro.card_authorization, with their status changes and attempts. */
public final class PostgresAuthorizationStoreAdapter implements AuthorizationStorePort {


    private final Transactions tx;
    private final AuthorizationMapper mapper = AuthorizationMapper.INSTANCE;

    PostgresAuthorizationStoreAdapter(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void insertRequested(Authorization authorization, ProviderAttempt attempt) {
        Objects.requireNonNull(attempt, "the write-ahead records the attempt with the authorization");
        long version = tx.call("insert authorization " + authorization.id(),
                s -> WriteAhead.authorization(s, mapper.toNewEntity(authorization),
                        OutcomeEvents.Subject.of(authorization), authorization.statusChanges(), attempt),
                keys(authorization));
        authorization.markSaved(version);
    }

    @Override
    public void save(Authorization authorization, ProviderAttempt attempt) {
        long version = tx.call("save authorization " + authorization.id(), s -> {
            UUID id = authorization.id().value();
            int stored = update(s, authorization);
            if (stored < 0) {
                Long storedVersion = StatusChanges.storedVersion(s, "AuthorizationEntity", id);
                if (storedVersion == null) {
                    throw new IllegalStateException("authorization " + authorization.id()
                            + " is not stored: insertRequested comes first");
                }
                throw new ConcurrentUpdateException("authorization " + authorization.id()
                        + " was saved by someone else (stored version " + storedVersion + ", read at "
                        + authorization.version() + "); nothing was overwritten");
            }
            StatusChanges.appendFrom(s, OutcomeEvents.Subject.of(authorization), stored, authorization.savedStatusChangeCount(),
                    authorization.statusChanges());
            if (attempt != null) {
                Attempts.save(s, attempt);
            }
            s.flush();
            return authorization.version() + 1;
        }, keys(authorization));
        authorization.markSaved(version);
    }

    /**
     * Writes the authorization's state over its row if the row is still at the version it was read
     * at, and moves that version on, in one UPDATE, whether or not the state changed: so two
     * reversals of one authorization cannot both go ahead even when only an attempt changed.
     * Returns the status changes stored, or -1 when no row was at that version.
     */
    private int update(Session s, Authorization authorization) {
        AuthorizationEntity e = new AuthorizationEntity();
        mapper.writeState(authorization, e);
        ResponseColumns r = e.response == null ? new ResponseColumns() : e.response;
        return StatusChanges.updateVersioned(s, "update cobro.card_authorization a set status = ?,"
                + " provider_transaction_id = ?, authorization_code = ?, response_code = ?, response_message = ?,"
                + " response_locale = ?, provider_masked_pan = ?, failed_reversals = ?, updated_at = ?,"
                + " version = a.version + 1 where a.id = ? and a.version = ?", st -> {
            st.setString(1, e.status);
            st.setString(2, NulSafeText.safe(r.providerTransactionId));
            st.setString(3, NulSafeText.safe(r.authorizationCode));
            st.setString(4, NulSafeText.safe(r.responseCode));
            st.setString(5, NulSafeText.safe(r.message));
            st.setString(6, NulSafeText.safe(r.locale));
            st.setString(7, NulSafeText.safe(r.providerMaskedPan));
            st.setInt(8, e.failedReversals);
            st.setObject(9, StatusChanges.timestamp(e.updatedAt));
            st.setObject(10, authorization.id().value());
            st.setLong(11, authorization.version());
        });
    }

    private static Function<String, RuntimeException> keys(Authorization authorization) {
        return constraint -> switch (constraint) {
            case "uq_card_authorization_operation_number", "card_authorization_pkey" -> new DuplicateKeyException(
                    "operation number " + authorization.operationNumber() + " of provider " + authorization.provider()
                            + " is already stored");
            default -> null;
        };
    }

    @Override
    public Optional<Authorization> findById(AuthorizationId id) {
        return tx.call("find authorization " + id, s -> {
            AuthorizationEntity row = s.find(AuthorizationEntity.class, id.value());
            return row == null ? Optional.<Authorization>empty() : Optional.of(restore(s, List.of(row)).get(0));
        });
    }

    @Override
    public Optional<Authorization> findByOperationNumber(ProviderId provider, AccountId account,
                                                         OperationNumber operationNumber) {
        return tx.call("find authorization by operation number", s -> {
            UUID id = Lookups.id(s, "select id from cobro.card_authorization where provider = ? and account = ?"
                    + " and operation_number = ?", provider.value(), account.value(), operationNumber.value());
            AuthorizationEntity row = id == null ? null : s.find(AuthorizationEntity.class, id);
            return row == null ? Optional.<Authorization>empty() : Optional.of(restore(s, List.of(row)).get(0));
        });
    }

    @Override
    public List<Authorization> findByStatusUpdatedBefore(Set<AuthorizationStatus> statuses, Instant before, int limit) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return tx.call("find authorizations by status", s -> restore(s, s.createQuery(
                        "from AuthorizationEntity a where a.status in :statuses and a.updatedAt < :before"
                                + " order by a.updatedAt, a.id", AuthorizationEntity.class)
                .setParameter("statuses", statuses.stream().map(Enum::name).toList())
                .setParameter("before", Times.micros(before))
                .setMaxResults(limit)
                .getResultList()));
    }

    private List<Authorization> restore(Session s, List<AuthorizationEntity> rows) {
        Map<UUID, List<StatusChangeEntity>> changes = StatusChanges.of(s, rows.stream().map(r -> r.id).toList());
        return rows.stream().map(r -> mapper.restore(r, changes.getOrDefault(r.id, List.of()))).toList();
    }
}
