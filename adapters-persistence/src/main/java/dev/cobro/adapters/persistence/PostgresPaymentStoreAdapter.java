package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
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

/** Checkout payments in cobro.checkout_payment, with their status changes and attempts. */
public final class PostgresPaymentStoreAdapter implements PaymentStorePort {


    private final Transactions tx;
    private final PaymentMapper mapper = PaymentMapper.INSTANCE;

    PostgresPaymentStoreAdapter(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void insertRequested(Payment payment, ProviderAttempt attempt) {
        Objects.requireNonNull(attempt, "the write-ahead records the attempt with the payment");
        long version = tx.call("insert payment " + payment.id(),
                s -> WriteAhead.payment(s, mapper.toNewEntity(payment), OutcomeEvents.Subject.of(payment),
                        payment.statusChanges(), attempt),
                keys(payment));
        payment.markSaved(version);
    }

    @Override
    public void save(Payment payment, ProviderAttempt attempt) {
        long version = tx.call("save payment " + payment.id(), s -> {
            long saved = update(s, payment);
            if (attempt != null) {
                Attempts.save(s, attempt);
            }
            s.flush();
            return saved;
        }, keys(payment));
        payment.markSaved(version);
    }

    @Override
    public void recordNotification(PaymentNotification notification, Payment changed) {
        Long version = tx.call("record notification " + notification.id(), s -> {
            Long saved = changed == null ? null : update(s, changed);
            s.persist(mapper.toEntity(notification));
            s.flush();
            return saved;
        }, changed == null ? constraint -> null : keys(changed));
        if (changed != null) {
            changed.markSaved(version);
        }
    }

    /**
     * Writes the payment's new state over a row still at the version the payment was read at, and
     * always moves that version on, in one versioned UPDATE: two writers of one payment never both
     * succeed. Then appends its new status changes (inserted at the flush). Returns the new version.
     */
    private long update(Session s, Payment payment) {
        UUID id = payment.id().value();
        int stored = writeState(s, payment);
        if (stored < 0) {
            Long storedVersion = StatusChanges.storedVersion(s, "PaymentEntity", id);
            if (storedVersion == null) {
                throw new IllegalStateException("payment " + payment.id() + " is not stored: insertRequested comes first");
            }
            throw new ConcurrentUpdateException("payment " + payment.id() + " was saved by someone else (stored version "
                    + storedVersion + ", read at " + payment.version() + "); nothing was overwritten");
        }
        StatusChanges.appendFrom(s, OutcomeEvents.Subject.of(payment), stored, payment.savedStatusChangeCount(), payment.statusChanges());
        return payment.version() + 1;
    }

    /**
     * UPDATE ... WHERE version = read version, which bumps it; returns the status changes stored, or
     * -1 when no row was at that version.
     */
    private int writeState(Session s, Payment payment) {
        PaymentEntity e = new PaymentEntity();
        mapper.writeState(payment, e);
        return StatusChanges.updateVersioned(s, "update cobro.checkout_payment a set status = ?, echo_mismatch = ?,"
                + " late_notification = ?, provider_session_id = ?, provider_reference = ?, checkout_url = ?,"
                + " updated_at = ?, version = a.version + 1 where a.id = ? and a.version = ?", st -> {
            st.setString(1, e.status);
            st.setBoolean(2, e.echoMismatch);
            st.setBoolean(3, e.lateNotification);
            st.setString(4, NulSafeText.safe(e.providerSessionId));
            st.setString(5, NulSafeText.safe(e.providerReference));
            st.setString(6, NulSafeText.safe(e.checkoutUrl));
            st.setObject(7, StatusChanges.timestamp(e.updatedAt));
            st.setObject(8, payment.id().value());
            st.setLong(9, payment.version());
        });
    }

    private static Function<String, RuntimeException> keys(Payment payment) {
        return constraint -> switch (constraint) {
            case "uq_checkout_payment_merchant_reference", "checkout_payment_pkey" -> new DuplicateKeyException(
                    "merchant reference " + payment.merchantReference() + " of provider " + payment.provider()
                            + " is already stored");
            default -> null;
        };
    }

    @Override
    public Optional<Payment> findById(PaymentId id) {
        return tx.call("find payment " + id, s -> {
            PaymentEntity row = s.find(PaymentEntity.class, id.value());
            return row == null ? Optional.<Payment>empty() : Optional.of(restore(s, List.of(row)).get(0));
        });
    }

    @Override
    public Optional<Payment> findByMerchantReference(ProviderId provider, AccountId account,
                                                     MerchantReference reference) {
        return tx.call("find payment by merchant reference", s -> {
            UUID id = Lookups.id(s, "select id from cobro.checkout_payment where provider = ? and account = ?"
                    + " and merchant_reference = ?", provider.value(), account.value(), reference.value());
            PaymentEntity row = id == null ? null : s.find(PaymentEntity.class, id);
            return row == null ? Optional.<Payment>empty() : Optional.of(restore(s, List.of(row)).get(0));
        });
    }

    @Override
    public List<Payment> findByProviderReference(ProviderId provider, String reference) {
        return tx.call("find payments by provider reference", s -> restore(s, s.createQuery(
                        "from PaymentEntity p where p.provider = :provider and p.providerReference = :reference"
                                + " order by p.createdAt, p.id", PaymentEntity.class)
                .setParameter("provider", provider.value())
                .setParameter("reference", reference)
                .getResultList()));
    }

    @Override
    public List<Payment> findBySession(ProviderId provider, String sessionId) {
        return tx.call("find payments by session", s -> restore(s, s.createQuery(
                        "from PaymentEntity p where p.provider = :provider and p.providerSessionId = :session"
                                + " order by p.createdAt, p.id", PaymentEntity.class)
                .setParameter("provider", provider.value())
                .setParameter("session", sessionId)
                .getResultList()));
    }

    @Override
    public List<Payment> findByStatusUpdatedBefore(Set<PaymentStatus> statuses, Instant before, int limit) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return tx.call("find payments by status", s -> restore(s, s.createQuery(
                        "from PaymentEntity p where p.status in :statuses and p.updatedAt < :before"
                                + " order by p.updatedAt, p.id", PaymentEntity.class)
                .setParameter("statuses", statuses.stream().map(Enum::name).toList())
                .setParameter("before", Times.micros(before))
                .setMaxResults(limit)
                .getResultList()));
    }

    @Override
    public List<PaymentNotification> notificationsOf(PaymentId id) {
        return tx.call("read notifications of payment " + id, s -> s.createQuery(
                        "from NotificationEntity n where n.paymentId = :id order by n.receivedAt, n.id",
                        NotificationEntity.class)
                .setParameter("id", id.value())
                .getResultList()
                .stream().map(mapper::toNotification).toList());
    }

    private List<Payment> restore(Session s, List<PaymentEntity> rows) {
        Map<UUID, List<StatusChangeEntity>> changes = StatusChanges.of(s, rows.stream().map(r -> r.id).toList());
        return rows.stream().map(r -> mapper.restore(r, changes.getOrDefault(r.id, List.of()))).toList();
    }
}
