package dev.cobro.application.fakes;

import dev.cobro.domain.payment.PaymentSnapshot;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.PaymentStorePort;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.payment.MerchantReference;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link PaymentStorePort} in memory, with the contract of the real one: the idempotency key and
 * the open (session, amount) are unique, saves are optimistic on the version, every call is atomic
 * (all checks before any change), and what is stored is a copy. {@link #failNextWrite()} and
 * friends make it fail like a database that went away. Thread-safe: every call holds the lock of
 * the attempt log it shares with other stores.
 */
public final class InMemoryPaymentStore implements PaymentStorePort {

    private final InMemoryAttemptLog log;
    private final FaultSwitch faults = new FaultSwitch();
    private final Map<PaymentId, Payment> payments = new LinkedHashMap<>();
    private final List<PaymentNotification> notifications = new ArrayList<>();

    public InMemoryPaymentStore() {
        this(new InMemoryAttemptLog());
    }

    public InMemoryPaymentStore(InMemoryAttemptLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    public InMemoryAttemptLog attemptLog() {
        return log;
    }

    @Override
    public void insertRequested(Payment payment, ProviderAttempt attempt) {
        synchronized (log) {
            faults.beforeWrite("insert payment " + payment.id());
            if (payment.status() != PaymentStatus.REQUESTED || attempt.status() != AttemptStatus.REQUESTED) {
                throw new IllegalArgumentException("the write-ahead inserts a REQUESTED payment and a REQUESTED attempt, not "
                        + payment.status() + " and " + attempt.status());
            }
            if (payments.containsKey(payment.id())) {
                throw new DuplicateKeyException("payment " + payment.id() + " is already stored");
            }
            if ((payment.isRouted() ? lookUpRouted(payment.merchantReference())
                    : lookUp(payment.provider(), payment.account(), payment.merchantReference())).isPresent()) {
                throw new DuplicateKeyException("merchant reference " + payment.merchantReference() + " of provider "
                        + payment.provider() + " is already stored");
            }
            log.check(attempt, payment.id().value(), true);
            payments.put(payment.id(), copy(payment, payment.version()));
            log.put(attempt);
        }
    }

    @Override
    public void save(Payment payment, ProviderAttempt attempt) {
        synchronized (log) {
            faults.beforeWrite("save payment " + payment.id());
            checkVersion(payment);
            if (attempt != null) {
                log.check(attempt, payment.id().value(), false);
            }
            long next = payment.version() + 1;
            payments.put(payment.id(), copy(payment, next));
            if (attempt != null) {
                log.put(attempt);
            }
            payment.markSaved(next);
        }
    }

    @Override
    public Optional<Payment> findById(PaymentId id) {
        synchronized (log) {
            faults.beforeRead("find payment");
            return Optional.ofNullable(payments.get(id)).map(InMemoryPaymentStore::copyOf);
        }
    }

    @Override
    public Optional<Payment> findByMerchantReference(ProviderId provider, AccountId account,
                                                     MerchantReference reference) {
        synchronized (log) {
            faults.beforeRead("find payment by merchant reference");
            return lookUp(provider, account, reference).map(InMemoryPaymentStore::copyOf);
        }
    }

    @Override
    public Optional<Payment> findRoutedByMerchantReference(MerchantReference reference) {
        synchronized (log) {
            faults.beforeRead("find routed payment by merchant reference");
            return lookUpRouted(reference).map(InMemoryPaymentStore::copyOf);
        }
    }

    @Override
    public List<Payment> findByProviderReference(ProviderId provider, String reference) {
        synchronized (log) {
            faults.beforeRead("find payments by provider reference");
            return select(p -> p.provider().equals(provider) && Objects.equals(p.providerReference(), reference));
        }
    }

    @Override
    public List<Payment> findBySession(ProviderId provider, String sessionId) {
        synchronized (log) {
            faults.beforeRead("find payments by session");
            return select(p -> p.provider().equals(provider) && Objects.equals(p.providerSessionId(), sessionId));
        }
    }

    @Override
    public List<Payment> findByStatusUpdatedBefore(Set<PaymentStatus> statuses, Instant before, int limit) {
        synchronized (log) {
            faults.beforeRead("find payments by status");
            return payments.values().stream()
                    .filter(p -> statuses.contains(p.status()) && p.updatedAt().isBefore(before))
                    .sorted(Comparator.comparing(Payment::updatedAt))
                    .limit(limit)
                    .map(InMemoryPaymentStore::copyOf)
                    .collect(Collectors.toList());
        }
    }

    @Override
    public long pruneUnprovenNotificationsBefore(Instant before) {
        synchronized (log) {
            int was = notifications.size();
            notifications.removeIf(n -> n.receivedAt().isBefore(before)
                    && (n.outcome() == NotificationOutcome.UNVERIFIED || n.outcome() == NotificationOutcome.UNMATCHED));
            return was - notifications.size();
        }
    }

    @Override
    public void recordNotification(PaymentNotification notification, Payment changed) {
        synchronized (log) {
            faults.beforeWrite("record notification " + notification.id());
            if (notifications.stream().anyMatch(n -> n.id().equals(notification.id()))) {
                throw new DuplicateKeyException("notification " + notification.id() + " is already stored");
            }
            if (changed != null) {
                checkVersion(changed);
            }
            notifications.add(notification);
            if (changed != null) {
                long next = changed.version() + 1;
                payments.put(changed.id(), copy(changed, next));
                changed.markSaved(next);
            }
        }
    }

    @Override
    public List<PaymentNotification> notificationsOf(PaymentId id) {
        synchronized (log) {
            faults.beforeRead("notifications of " + id);
            return notifications.stream().filter(n -> id.equals(n.paymentId())).collect(Collectors.toList());
        }
    }

    // ----- for tests -----

    /** Puts a payment (in any status) and its attempts straight in, as if an earlier run had stored them. */
    public void seed(Payment payment, ProviderAttempt... attempts) {
        synchronized (log) {
            payments.put(payment.id(), copy(payment, payment.version()));
            for (ProviderAttempt attempt : attempts) {
                log.check(attempt, payment.id().value(), true);
                log.put(attempt);
            }
        }
    }

    /** Every stored payment, in insertion order. */
    public List<Payment> all() {
        synchronized (log) {
            return select(p -> true);
        }
    }

    /** Every stored notification, in the order received. */
    public List<PaymentNotification> notifications() {
        synchronized (log) {
            return List.copyOf(notifications);
        }
    }

    /** The next write (insert, save or notification) throws {@code StoreUnavailableException} and changes nothing. */
    public void failNextWrite() {
        faults.failWriteAfter(0);
    }

    /** The next write throws {@code StoreRefusedValueException}, as PostgreSQL refuses a value it cannot hold. */
    public void refuseNextWritesValue() {
        faults.refuseValueOnce();
    }

    /** {@code goodWrites} writes succeed, then one fails. */
    public void failWriteAfter(int goodWrites) {
        faults.failWriteAfter(goodWrites);
    }

    /** While down, every read and write throws {@code StoreUnavailableException}. */
    public void unavailable(boolean down) {
        faults.unavailable(down);
    }

    // ----- inside -----

    private Optional<Payment> lookUp(ProviderId provider, AccountId account, MerchantReference reference) {
        return payments.values().stream()
                .filter(p -> !p.isRouted() && p.provider().equals(provider) && p.account().equals(account)
                        && p.merchantReference().equals(reference))
                .findFirst();
    }

    private Optional<Payment> lookUpRouted(MerchantReference reference) {
        return payments.values().stream()
                .filter(p -> p.isRouted() && p.merchantReference().equals(reference))
                .findFirst();
    }

    private List<Payment> select(java.util.function.Predicate<Payment> which) {
        return payments.values().stream().filter(which).map(InMemoryPaymentStore::copyOf).collect(Collectors.toList());
    }

    private void checkVersion(Payment payment) {
        Payment stored = payments.get(payment.id());
        if (stored == null) {
            throw new IllegalStateException("payment " + payment.id() + " was never inserted");
        }
        if (stored.version() != payment.version()) {
            throw new ConcurrentUpdateException("payment " + payment.id() + " is at version " + stored.version()
                    + ", not " + payment.version() + ": someone saved it meanwhile");
        }
    }

    private static Payment copyOf(Payment p) {
        return copy(p, p.version());
    }

    static Payment copy(Payment p, long version) {
        PaymentSnapshot s = p.snapshot();
        return Payment.restore(new PaymentSnapshot(s.id(), s.provider(), s.account(), s.merchantReference(),
                s.details(), s.fingerprint(), s.status(), s.flags(), s.providerSessionId(), s.providerReference(),
                s.checkoutUrl(), s.notificationKeyId(), s.createdAt(), s.updatedAt(), s.statusChanges(), version));
    }
}
