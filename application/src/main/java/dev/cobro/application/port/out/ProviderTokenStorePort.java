package dev.cobro.application.port.out;

import dev.cobro.domain.shared.ProviderId;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The current provider token per (provider, account), shared by every instance on one database
 * (ARCHITECTURE.md, several instances: 88Pay allows 100 token requests an hour per merchant, so instances
 * must not each keep their own). The store holds the token only sealed (the adapter encrypts it
 * under a key derived from the account's API key; the store never sees it in clear), and measures
 * every age with its own clock (the database's), never a host's.
 */
public interface ProviderTokenStorePort {

    /**
     * A stored token: its id, its sealed bytes, its age by the store's clock, and how long after
     * issue it may still be taken for a new call.
     */
    record StoredToken(UUID id, byte[] sealed, Duration age, Duration reuseFor) {

        public boolean isFresh() {
            return age.compareTo(reuseFor) < 0;
        }

        /** How long it may still be taken for a new call (zero when stale). */
        public Duration freshFor() {
            Duration left = reuseFor.minus(age);
            return left.isNegative() ? Duration.ZERO : left;
        }

        @Override
        public String toString() {
            return "StoredToken[" + id + ", sealed=***, age=" + age + ", reuseFor=" + reuseFor + "]";
        }
    }

    /** A token to store in place of the current one; issued now by the store's clock. */
    record NewToken(UUID id, byte[] sealed, Duration reuseFor) {

        @Override
        public String toString() {
            return "NewToken[" + id + ", sealed=***, reuseFor=" + reuseFor + "]";
        }
    }

    /** The current token of (provider, account), if any: a plain read, no lock. */
    Optional<StoredToken> current(ProviderId provider, String account);

    /**
     * Locks the row of (provider, account) ({@code SELECT … FOR UPDATE}) for the whole call, gives
     * {@code renewal} the current token as read under that lock, stores what it returns (if
     * anything) as issued at the moment the lock was taken, and commits. {@code renewal} runs with
     * the lock held: it is where a stale token is replaced, so that however many instances find it
     * stale, one fetches. Returns the token current after the call.
     */
    Optional<StoredToken> renew(ProviderId provider, String account,
                                Function<Optional<StoredToken>, Optional<NewToken>> renewal);

    /**
     * Retires token {@code tokenId} of (provider, account) for every instance if it is still the
     * current one (compare-and-set on its id: a newer token is never retired). Returns whether it was.
     */
    boolean retire(ProviderId provider, String account, UUID tokenId);
}
