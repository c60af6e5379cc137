package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.NotificationEntity;
import dev.cobro.adapters.persistence.entity.PaymentEntity;
import dev.cobro.adapters.persistence.entity.RefundEntity;
import dev.cobro.adapters.persistence.mapping.EventSubject;
import dev.cobro.adapters.persistence.mapping.PaymentMapper;
import dev.cobro.adapters.persistence.mapping.TimestampColumns;
import dev.cobro.adapters.persistence.support.StoreCalls;
import dev.cobro.adapters.persistence.write.WriteBatch;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.application.port.out.RefundLimitException;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentRefund;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checkout payments in cobro.checkout_payment, with their status changes, attempts and
 * notifications: the writes and the sweep's read are {@link AggregateStore}'s, keyed by (provider,
 * account, merchant reference) for a checkout naming its provider and by the merchant reference alone
 * for a routed one.
 */
public final class PostgresPaymentStoreAdapter extends AggregateStore<Payment, PaymentId, PaymentEntity, PaymentStatus>
        implements PaymentStorePort {

    private static final PaymentMapper MAPPER = PaymentMapper.INSTANCE;

    /** The guard of migration V12: the refunds of a payment never add up to more than its amount. */
    private static final String REFUND_TOTAL = "cobro_guard_refund_total";

    PostgresPaymentStoreAdapter(StoreCalls calls) {
        super(calls, "payment", PaymentEntity.class, PaymentStatus::valueOf,
                Set.of("uq_checkout_payment_merchant_reference", "uq_checkout_payment_routed_reference",
                        "checkout_payment_pkey"),
                PaymentId::value, p -> MAPPER.toEntity(p.snapshot()),
                (row, changes) -> Payment.restore(MAPPER.toSnapshot(row, changes)),
                EventSubject::of, p -> "merchant reference " + p.merchantReference()
                        + (p.isRouted() ? " of a routed checkout" : " of provider " + p.provider()));
    }

    @Override
    public void recordNotification(PaymentNotification notification, Payment changed) {
        WriteBatch batch = calls.batch().insert(MAPPER.toEntity(notification));
        String what = "record notification " + notification.id();
        Function<String, RuntimeException> stored = constraint -> "payment_notification_pkey".equals(constraint)
                ? new DuplicateKeyException("notification " + notification.id() + " is already stored") : null;
        if (changed == null) {
            calls.write(what, batch, stored);
            return;
        }
        save(what, changed, batch, null, stored);
    }

    /**
     * The payment over its read version with the attempt, then the refund row (inserted, or moved to
     * the attempt): its trigger checks the total under the payment's row lock (migration V12).
     */
    @Override
    public void saveRefund(Payment payment, PaymentRefund refund, boolean isNew, ProviderAttempt attempt) {
        RefundEntity row = MAPPER.toEntity(refund);
        save("write refund " + refund.key() + " of payment " + payment.id() + " ahead", payment, attempt,
                batch -> isNew ? batch.insert(row) : batch.update(row), constraint -> switch (constraint) {
                    case REFUND_TOTAL -> new RefundLimitException("a refund of " + refund.amount() + " of payment "
                            + payment.id() + " would refund more than its amount of " + payment.details().money()
                            + ", with what was refunded and what is still out; nothing was sent");
                    case "uq_payment_refund_key" -> new DuplicateKeyException("refund key " + refund.key()
                            + " of payment " + payment.id() + " is already stored");
                    default -> null;
                });
    }

    @Override
    public Optional<PaymentRefund> findRefund(PaymentId payment, String key) {
        return refunds("find refund " + key + " of payment " + payment, payment, key).stream().findFirst();
    }

    @Override
    public List<PaymentRefund> refundsOf(PaymentId payment) {
        return refunds("read refunds of payment " + payment, payment, null);
    }

    /**
     * A payment's refunds (under {@code key}, when given), each with its attempt's status and in the
     * payment's currency, oldest first: one query.
     */
    private List<PaymentRefund> refunds(String what, PaymentId payment, String key) {
        return calls.read(what, s -> s.createQuery("select r, a.status, p.money.currency"
                        + " from RefundEntity r, AttemptEntity a, PaymentEntity p"
                        + " where a.id = r.attemptId and p.id = r.paymentId and r.paymentId = :payment"
                        + (key == null ? "" : " and r.refundKey = :key") + " order by r.createdAt, r.id", Object[].class)
                .setParameter("payment", payment.value())
                .setProperties(key == null ? Map.of() : Map.of("key", key))
                .getResultList().stream()
                .map(row -> MAPPER.toRefund((RefundEntity) row[0], AttemptStatus.valueOf((String) row[1]),
                        Currency.getInstance((String) row[2])))
                .toList());
    }

    @Override
    public long pruneUnprovenNotificationsBefore(Instant before) {
        return calls.inTransaction("prune unproven notifications", s -> (long) s.createMutationQuery(
                        "delete from NotificationEntity n where n.outcome in ('UNVERIFIED', 'UNMATCHED')"
                                + " and n.receivedAt < :before")
                .setParameter("before", TimestampColumns.micros(before))
                .executeUpdate());
    }

    /** A named checkout's key: (provider, account, merchant reference) among payments not routed. */
    @Override
    public Optional<Payment> findByMerchantReference(ProviderId provider, AccountId account,
                                                     MerchantReference reference) {
        return find("find payment by merchant reference", "e.provider = :provider and e.account = :account"
                        + " and e.merchantReference = :reference and e.routed = false", null,
                Map.of("provider", provider.value(), "account", account.value(), "reference", reference.value()), ALL)
                .stream().findFirst();
    }

    /** A routed checkout's key: its merchant reference alone, whichever provider of its route serves it. */
    @Override
    public Optional<Payment> findRoutedByMerchantReference(MerchantReference reference) {
        return find("find routed payment by merchant reference", "e.merchantReference = :reference and e.routed = true",
                null, Map.of("reference", reference.value()), ALL).stream().findFirst();
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
        if (value == null) {
            return List.of(); // no row's column equals null
        }
        return find(what, "e.provider = :provider and e." + attribute + " = :value", "e.createdAt, e.id",
                Map.of("provider", provider.value(), "value", value), ALL);
    }

    @Override
    public List<PaymentNotification> notificationsOf(PaymentId id) {
        return calls.read("read notifications of payment " + id, s -> s.createQuery(
                        "from NotificationEntity n where n.paymentId = :id order by n.receivedAt, n.id",
                        NotificationEntity.class)
                .setParameter("id", id.value())
                .getResultList()
                .stream().map(MAPPER::toNotification).toList());
    }
}
