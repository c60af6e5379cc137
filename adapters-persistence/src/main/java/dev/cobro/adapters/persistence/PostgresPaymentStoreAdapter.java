package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.NotificationEntity;
import dev.cobro.adapters.persistence.entity.PaymentEntity;
import dev.cobro.adapters.persistence.entity.RefundEntity;
import dev.cobro.adapters.persistence.entity.StatusChangeEntity;
import dev.cobro.adapters.persistence.history.StatusChangeRows;
import dev.cobro.adapters.persistence.mapping.EventSubject;
import dev.cobro.adapters.persistence.mapping.PaymentMapper;
import dev.cobro.adapters.persistence.mapping.StatusChangeMapper;
import dev.cobro.adapters.persistence.mapping.TimestampColumns;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.adapters.persistence.write.WriteBatch;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.RefundLimitException;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentRefund;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import org.hibernate.Session;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Checkout payments in cobro.checkout_payment, with their status changes and attempts. */
public final class PostgresPaymentStoreAdapter implements PaymentStorePort {


    /** The guard of migration V12: the refunds of a payment never add up to more than its amount. */
    private static final String REFUND_TOTAL = "cobro_guard_refund_total";

    private final StoreCalls calls;
    private final AggregateWrites writes;
    private final PaymentMapper mapper = PaymentMapper.INSTANCE;

    PostgresPaymentStoreAdapter(StoreCalls calls) {
        this.calls = calls;
        this.writes = new AggregateWrites(calls, "PaymentEntity");
    }

    @Override
    public void insertRequested(Payment payment, ProviderAttempt attempt) {
        writes.insertRequested("insert payment " + payment.id(), mapper.toEntity(payment.snapshot()),
                EventSubject.of(payment), payment.statusChanges(), attempt, keys(payment));
        payment.markSaved(payment.version());
    }

    @Override
    public void save(Payment payment, ProviderAttempt attempt) {
        payment.markSaved(save("save payment " + payment.id(), calls.batch(), payment, attempt, constraint -> null));
    }

    @Override
    public void recordNotification(PaymentNotification notification, Payment changed) {
        WriteBatch batch = calls.batch().insert(mapper.toEntity(notification));
        String what = "record notification " + notification.id();
        Function<String, RuntimeException> stored = constraint -> "payment_notification_pkey".equals(constraint)
                ? new DuplicateKeyException("notification " + notification.id() + " is already stored") : null;
        if (changed == null) {
            calls.write(what, batch, stored);
            return;
        }
        changed.markSaved(save(what, batch, changed, null, stored));
    }

    /**
     * The payment over its read version with the attempt, then the refund row (inserted, or moved to
     * the attempt): its trigger checks the total under the payment's row lock (migration V12).
     */
    @Override
    public void saveRefund(Payment payment, PaymentRefund refund, boolean isNew, ProviderAttempt attempt) {
        RefundEntity row = mapper.toEntity(refund);
        String what = "write refund " + refund.key() + " of payment " + payment.id() + " ahead";
        payment.markSaved(writes.save(what, calls.batch(), payment.id().value(), payment.version(),
                mapper.toEntity(payment.snapshot()), EventSubject.of(payment), payment.statusChanges(),
                payment.savedStatusChangeCount(), attempt, batch -> isNew ? batch.insert(row) : batch.update(row),
                constraint -> switch (constraint) {
                    case REFUND_TOTAL -> new RefundLimitException("a refund of " + refund.amount() + " of payment "
                            + payment.id() + " would refund more than its amount of " + payment.details().money()
                            + ", with what was refunded and what is still out; nothing was sent");
                    case "uq_payment_refund_key" -> new DuplicateKeyException("refund key " + refund.key()
                            + " of payment " + payment.id() + " is already stored");
                    default -> keys(payment).apply(constraint);
                }));
    }

    @Override
    public Optional<PaymentRefund> findRefund(PaymentId payment, String key) {
        return refunds("find refund " + key + " of payment " + payment, payment, key).stream().findFirst();
    }

    @Override
    public List<PaymentRefund> refundsOf(PaymentId payment) {
        return refunds("read refunds of payment " + payment, payment, null);
    }

    /** A payment's refunds (under {@code key}, when given), each with its attempt's status, oldest first. */
    private List<PaymentRefund> refunds(String what, PaymentId payment, String key) {
        return calls.read(what, s -> s.createQuery("select r, a.status from RefundEntity r, AttemptEntity a"
                        + " where a.id = r.attemptId and r.paymentId = :payment"
                        + (key == null ? "" : " and r.key = :key") + " order by r.createdAt, r.id", Object[].class)
                .setParameter("payment", payment.value())
                .setProperties(key == null ? Map.of() : Map.of("key", key))
                .getResultList().stream()
                .map(row -> mapper.toRefund((RefundEntity) row[0], AttemptStatus.valueOf((String) row[1]),
                        Currency.getInstance(currencyOf(s, payment))))
                .toList());
    }

    private static String currencyOf(Session s, PaymentId payment) {
        return s.createQuery("select p.currency from PaymentEntity p where p.id = :id", String.class)
                .setParameter("id", payment.value()).getSingleResult();
    }

    @Override
    public long pruneUnprovenNotificationsBefore(Instant before) {
        return calls.inTransaction("prune unproven notifications", s -> (long) s.createMutationQuery(
                        "delete from NotificationEntity n where n.outcome in ('UNVERIFIED', 'UNMATCHED')"
                                + " and n.receivedAt < :before")
                .setParameter("before", TimestampColumns.micros(before))
                .executeUpdate());
    }

    /** The payment's new state over its read version, its new status changes, and {@code attempt}. */
    private long save(String what, WriteBatch batch, Payment payment, ProviderAttempt attempt,
                      Function<String, RuntimeException> alsoRefused) {
        return writes.save(what, batch, payment.id().value(), payment.version(), mapper.toEntity(payment.snapshot()),
                EventSubject.of(payment), payment.statusChanges(), payment.savedStatusChangeCount(),
                attempt, constraint -> {
                    RuntimeException refused = alsoRefused.apply(constraint);
                    return refused != null ? refused : keys(payment).apply(constraint);
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
        return calls.read("find payment " + id, s -> {
            PaymentEntity row = s.find(PaymentEntity.class, id.value());
            return row == null ? Optional.<Payment>empty() : Optional.of(restore(s, List.of(row)).get(0));
        });
    }

    @Override
    public Optional<Payment> findByMerchantReference(ProviderId provider, AccountId account,
                                                     MerchantReference reference) {
        return calls.read("find payment by merchant reference", s -> restore(s, s.createQuery(
                        "from PaymentEntity p where p.provider = :provider and p.account = :account"
                                + " and p.merchantReference = :reference", PaymentEntity.class)
                .setParameter("provider", provider.value())
                .setParameter("account", account.value())
                .setParameter("reference", reference.value())
                .getResultList()).stream().findFirst());
    }

    @Override
    public List<Payment> findByProviderReference(ProviderId provider, String reference) {
        return findOldestFirst("find payments by provider reference", provider, "providerReference", reference);
    }

    @Override
    public List<Payment> findBySession(ProviderId provider, String sessionId) {
        return findOldestFirst("find payments by session", provider, "providerSessionId", sessionId);
    }

    /** The provider's payments whose {@code attribute} holds {@code value}, oldest first. */
    private List<Payment> findOldestFirst(String what, ProviderId provider, String attribute, String value) {
        return calls.read(what, s -> restore(s, s.createQuery("from PaymentEntity p where p.provider = :provider"
                        + " and p." + attribute + " = :value order by p.createdAt, p.id", PaymentEntity.class)
                .setParameter("provider", provider.value())
                .setParameter("value", value)
                .getResultList()));
    }

    @Override
    public List<Payment> findByStatusUpdatedBefore(Set<PaymentStatus> statuses, Instant before, int limit) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return calls.read("find payments by status", s -> restore(s, s.createQuery(
                        "from PaymentEntity p where p.status in :statuses and p.updatedAt < :before"
                                + " order by p.updatedAt, p.id", PaymentEntity.class)
                .setParameter("statuses", statuses.stream().map(Enum::name).toList())
                .setParameter("before", TimestampColumns.micros(before))
                .setMaxResults(limit)
                .getResultList()));
    }

    @Override
    public List<PaymentNotification> notificationsOf(PaymentId id) {
        return calls.read("read notifications of payment " + id, s -> s.createQuery(
                        "from NotificationEntity n where n.paymentId = :id order by n.receivedAt, n.id",
                        NotificationEntity.class)
                .setParameter("id", id.value())
                .getResultList()
                .stream().map(mapper::toNotification).toList());
    }

    private List<Payment> restore(Session s, List<PaymentEntity> rows) {
        Map<UUID, List<StatusChangeEntity>> changes = StatusChangeRows.of(s, rows.stream().map(r -> r.id).toList());
        return rows.stream().map(r -> Payment.restore(mapper.toSnapshot(r, StatusChangeMapper.INSTANCE.restore(
                changes.getOrDefault(r.id, List.of()), PaymentStatus::valueOf)))).toList();
    }
}
