package dev.cobro.adapters.http.support;

import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderUnavailableException;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A provider's token as one adapter holds it, shared by every thread of that adapter: reused while
 * the clock says it is fresh; one fetch in flight however many callers need a token (single flight:
 * the others wait for that fetch and take its token, or its failure, so refused credentials cost one
 * request, not one per caller); a token the provider refused is dropped unless another caller has
 * already replaced it. Where a token comes from is the provider's {@link Fetch}: 88Pay's reads and
 * renews the token every instance shares in the database, Pay-me's asks its OAuth endpoint.
 *
 * @param <T> the provider's token; its {@code toString()} shows no secret
 */
public final class TokenCache<T> {

    /** Obtains a token other than {@code refused} (null: any will do); throws when none can be had. */
    @FunctionalInterface
    public interface Fetch<T> {
        T fetch(T refused);
    }

    private final String what;
    private final Clock clock;
    private final Function<T, Instant> freshUntil;
    private final Function<T, ?> identity;
    private final Fetch<T> fetch;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private T current;
    /** Guarded by {@link #lock}: the fetch every caller joins while it runs. */
    private CompletableFuture<T> inFlight;

    /**
     * @param what       the token, for messages ("an 88Pay token for merchant m-1"); secret-free
     * @param freshUntil the last instant a token may be handed out
     * @param identity   what tells two tokens apart (an id, or the token's value)
     */
    public TokenCache(String what, Clock clock, Function<T, Instant> freshUntil, Function<T, ?> identity,
                      Fetch<T> fetch) {
        this.what = Objects.requireNonNull(what, "what");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.freshUntil = Objects.requireNonNull(freshUntil, "freshUntil");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.fetch = Objects.requireNonNull(fetch, "fetch");
    }

    /** A fresh token: the one held, else one fetched (or the fetch in flight, joined). */
    public T current() {
        synchronized (lock) {
            if (isFresh(current)) {
                return current;
            }
        }
        return singleFlight(null);
    }

    /**
     * The provider refused {@code refused} (a 401): a token other than it. The one held when another
     * caller has already replaced it; else a fetch that must not hand {@code refused} back.
     */
    public T renew(T refused) {
        Objects.requireNonNull(refused, "refused");
        synchronized (lock) {
            if (current != null && same(current, refused)) {
                current = null;
            } else if (isFresh(current)) {
                return current;
            }
        }
        return singleFlight(refused);
    }

    private boolean isFresh(T token) {
        return token != null && clock.instant().isBefore(freshUntil.apply(token));
    }

    private boolean same(T a, T b) {
        return identity.apply(a).equals(identity.apply(b));
    }

    private T singleFlight(T unwanted) {
        CompletableFuture<T> flight;
        boolean leader = false;
        synchronized (lock) {
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                leader = true;
            }
            flight = inFlight;
        }
        if (!leader) {
            T joined = join(flight);
            // A fetch that began before the refusal may bring the refused token back: fetch again.
            return unwanted == null || !same(joined, unwanted) ? joined : singleFlight(unwanted);
        }
        try {
            T token = fetch.fetch(unwanted);
            synchronized (lock) {
                current = token;
                inFlight = null;
            }
            flight.complete(token);
            return token;
        } catch (RuntimeException | Error e) {
            synchronized (lock) {
                inFlight = null;
            }
            flight.completeExceptionally(e);
            throw e;
        }
    }

    private T join(CompletableFuture<T> flight) {
        try {
            return flight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while waiting for " + what + "; nothing was sent");
        } catch (ExecutionException e) {
            // A fresh exception per caller, so that each stack trace shows its own thread.
            Throwable cause = e.getCause();
            if (cause instanceof ProviderConfigurationException c) {
                throw new ProviderConfigurationException(c.getMessage(), c);
            }
            if (cause instanceof ProviderUnavailableException u) {
                throw new ProviderUnavailableException(u.getMessage(), u);
            }
            throw new ProviderUnavailableException("obtaining " + what + " failed: "
                    + cause.getClass().getSimpleName(), cause);
        }
    }

    @Override
    public String toString() {
        return "TokenCache[" + what + "]";
    }
}
