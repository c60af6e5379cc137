package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.SessionInUseException;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import jakarta.persistence.LockModeType;
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

    private static final TransactionKind KIND = TransactionKind.CHECKOUT_PAYMENT;

    private final Transactions tx;
    private final PaymentMapper mapper = PaymentMapper.INSTANCE;

    PostgresPaymentStoreAdapter(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void insertRequested(Payment payment, ProviderAttempt attempt) {
        Objects.requireNonNull(attempt, "the write-ahead records the attempt with the payment");
        long version = tx.call("insert payment " + payment.id(), s -> {
            PaymentEntity row = mapper.toNewEntity(payment);
            s.persist(row);
            StatusChanges.appendAll(s, KIND, row.id, payment.statusChanges());
            Attempts.insert(s, attempt);
            s.flush();
            return row.version;
        }, keys(payment));
        payment.markSaved(version);
    }

    @Override
    public void save(Payment payment, ProviderAttempt attempt) {
        long version = tx.call("save payment " + payment.id(), s -> {
            PaymentEntity row = update(s, payment);
            if (attempt != null) {
                Attempts.insertOrUpdate(s, attempt);
            }
            s.flush();
            return row.version;
        }, keys(payment));
        payment.markSaved(version);
    }

    @Override
    public void recordNotification(PaymentNotification notification, Payment changed) {
        Long version = tx.call("record notification " + notification.id(), s -> {
            PaymentEntity row = changed == null ? null : update(s, changed);
            s.persist(mapper.toEntity(notification));
            s.flush();
            return row == null ? null : row.version;
        }, changed == null ? constraint -> null : keys(changed));
        if (changed != null) {
            changed.markSaved(version);
        }
    }

    /**
     * Writes the payment's new state over a row still at the version the payment was read at, and
     * always moves that version on: two writers of one payment never both succeed.
     */
    private PaymentEntity update(Session s, Payment payment) {
        PaymentEntity row = s.find(PaymentEntity.class, payment.id().value());
        if (row == null) {
            throw new IllegalStateException("payment " + payment.id() + " is not stored: insertRequested comes first");
        }
        if (row.version != payment.version()) {
            throw new ConcurrentUpdateException("payment " + payment.id() + " was saved by someone else (stored version "
                    + row.version + ", read at " + payment.version() + "); nothing was overwritten");
        }
        mapper.writeState(payment, row);
        // A changed row is written now: UPDATE ... WHERE version = read version, which bumps it.
        s.flush();
        if (row.version == payment.version()) {
            // Only an attempt changed: the version moves all the same, checked the same way.
            s.lock(row, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        }
        StatusChanges.appendNew(s, KIND, row.id, payment.statusChanges());
        return row;
    }

    private static Function<String, RuntimeException> keys(Payment payment) {
        return constraint -> switch (constraint) {
            case "uq_checkout_payment_merchant_reference", "checkout_payment_pkey" -> new DuplicateKeyException(
                    "merchant reference " + payment.merchantReference() + " of provider " + payment.provider()
                            + " is already stored");
            case "uq_checkout_payment_open_session" -> new SessionInUseException("another open payment of "
                    + payment.provider() + " has the same session and amount (" + payment.details().money() + ")");
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
    public Optional<Payment> findByMerchantReference(ProviderId provider, MerchantReference reference) {
        return tx.call("find payment by merchant reference", s -> restore(s, s.createQuery(
                        "from PaymentEntity p where p.provider = :provider and p.merchantReference = :reference",
                        PaymentEntity.class)
                .setParameter("provider", provider.value())
                .setParameter("reference", reference.value())
                .getResultList())).stream().findFirst();
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
