package dev.cobro.adapters.http.support;

import dev.cobro.application.port.out.ProviderConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapters' one token holder: reuse while fresh, one fetch in flight, a refused token replaced once. */
class TokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private record Token(String value, Instant freshUntil) {
    }

    @Test
    void aFreshTokenIsReusedAndAStaleOneFetchedAgain() {
        AtomicInteger fetches = new AtomicInteger();
        List<Token> answers = List.of(new Token("a", NOW.minusSeconds(1)), new Token("b", NOW.plusSeconds(60)));
        TokenCache<Token> cache = new TokenCache<>("a test token", clock, Token::freshUntil, Token::value,
                refused -> answers.get(fetches.getAndIncrement()));

        assertThat(cache.current().value()).isEqualTo("a");
        assertThat(cache.current().value()).as("a is stale already").isEqualTo("b");
        assertThat(cache.current().value()).isEqualTo("b");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aRefusedTokenIsReplacedAndTheFetchIsToldWhichOneWasRefused() {
        List<Token> refusedSeen = new ArrayList<>();
        AtomicInteger fetches = new AtomicInteger();
        TokenCache<Token> cache = new TokenCache<>("a test token", clock, Token::freshUntil, Token::value, refused -> {
            refusedSeen.add(refused);
            return new Token("t" + fetches.incrementAndGet(), NOW.plusSeconds(60));
        });
        Token first = cache.current();

        Token renewed = cache.renew(first);

        assertThat(renewed.value()).isEqualTo("t2");
        assertThat(refusedSeen).containsExactly(null, first);
        assertThat(cache.renew(first)).as("already replaced by another caller: no second fetch").isEqualTo(renewed);
        assertThat(fetches).hasValue(2);
    }

    /**
     * Callers that find a fetch in flight wait for it and share its failure: refused credentials cost
     * one request, not one per caller.
     */
    @Test
    void callersWaitingForAFailingFetchShareItsFailure() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        TokenCache<Token> cache = new TokenCache<>("a test token", clock, Token::freshUntil, Token::value, refused -> {
            fetches.incrementAndGet();
            fetching.countDown();
            await(answer);
            throw new ProviderConfigurationException("credentials refused");
        });
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Thread> waiters = new ArrayList<>();
            List<Future<Token>> calls = new ArrayList<>();
            calls.add(callers.submit(cache::current));
            assertThat(fetching.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) {
                calls.add(callers.submit(() -> {
                    synchronized (waiters) {
                        waiters.add(Thread.currentThread());
                    }
                    return cache.current();
                }));
            }
            awaitAllWaiting(waiters, 5);
            answer.countDown();

            for (Future<Token> call : calls) {
                assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(ProviderConfigurationException.class)
                        .hasMessageContaining("credentials refused");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(fetches).hasValue(1);
    }

    /** Every waiter parked: the only place a caller parks is the fetch in flight it joined. */
    private static void awaitAllWaiting(List<Thread> waiters, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            synchronized (waiters) {
                if (waiters.size() == count && waiters.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
                    return;
                }
            }
            assertThat(Instant.now()).as("the waiters joined the fetch in flight").isBefore(deadline);
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
