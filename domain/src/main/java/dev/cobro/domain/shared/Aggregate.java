package dev.cobro.domain.shared;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What every money aggregate keeps besides its own data: its identity, the provider account serving
 * it, the request's fingerprint, its {@link Lifecycle} and the version a store's next save must
 * match. Payments and authorizations extend it, so a store reads and acknowledges both alike.
 */
public abstract class Aggregate<I, S extends Enum<S>> {

    private final I id;
    private ProviderId provider;
    private AccountId account;
    private final String fingerprint;
    private final Instant createdAt;
    private final Lifecycle<S> lifecycle;
    private final SendStatuses<S> send;
    private long version;

    protected Aggregate(I id, ProviderId provider, AccountId account, String fingerprint, Instant createdAt,
                        Lifecycle<S> lifecycle, SendStatuses<S> send, long version) {
        this.id = Objects.requireNonNull(id, "id");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.account = Objects.requireNonNull(account, "account");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.send = Objects.requireNonNull(send, "send");
        this.version = version;
    }

    /** The status moves only through here, so every change is checked and recorded. */
    protected final Lifecycle<S> lifecycle() {
        return lifecycle;
    }

    /** Hands the aggregate to another provider account (only while nothing reached the current one). */
    protected final void serveThrough(ProviderId next, AccountId nextAccount) {
        this.provider = Objects.requireNonNull(next, "next");
        this.account = Objects.requireNonNull(nextAccount, "nextAccount");
    }

    /** The provider refused the request (validation, 4xx). */
    public final void reject(String reason, Clock clock) {
        lifecycle.move(send.rejected(), reason, clock);
    }

    /** Nothing reached the provider; the same key may send again. */
    public final void notSent(String reason, Clock clock) {
        lifecycle.move(send.notSent(), reason, clock);
    }

    /** No answer (timeout, 5xx after sending): resolved later, never guessed. */
    public final void unknown(String reason, Clock clock) {
        lifecycle.move(send.unknown(), reason, clock);
    }

    /** Sends again an aggregate that never reached the provider. */
    public void retry(Clock clock) {
        lifecycle.move(send.requested(), "sent again after nothing reached the provider", clock);
    }

    /** Called by a store once the aggregate is saved: the version the next save must match. */
    public final void markSaved(long savedVersion) {
        this.version = savedVersion;
        lifecycle.markSaved();
    }

    public final boolean canMoveTo(S target) {
        return lifecycle.allows(target);
    }

    public final I id() {
        return id;
    }

    public final ProviderId provider() {
        return provider;
    }

    /** The provider account serving the aggregate. */
    public final AccountId account() {
        return account;
    }

    /** Identifies the request that created the aggregate, for idempotency. */
    public final String fingerprint() {
        return fingerprint;
    }

    public final S status() {
        return lifecycle.status();
    }

    public final Instant createdAt() {
        return createdAt;
    }

    public final Instant updatedAt() {
        return lifecycle.updatedAt();
    }

    public final List<StatusChange<S>> statusChanges() {
        return lifecycle.changes();
    }

    /**
     * How many of {@link #statusChanges()} were stored when this was loaded or last saved; a store
     * appends the ones after it.
     */
    public final int savedStatusChangeCount() {
        return lifecycle.savedCount();
    }

    public final long version() {
        return version;
    }
}
