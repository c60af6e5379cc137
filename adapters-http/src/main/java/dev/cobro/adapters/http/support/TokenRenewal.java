package dev.cobro.adapters.http.support;

import java.util.function.Function;

/**
 * "On a 401, renew the token and send once more", for every provider whose calls carry a token. A
 * 401 says the provider refused the token and processed nothing, so a second send under a fresh
 * token is safe; a 401 to that second send is the provider's last word, judged by the adapter (its
 * credentials, not the token, are wrong), never a third send.
 */
public final class TokenRenewal {

    private TokenRenewal() {
    }

    /** Retires a token the provider refused and returns another; throws when none can be had. */
    @FunctionalInterface
    public interface Renewer<T> {
        T renew(T refused);
    }

    /** What came of a send under a token. */
    public sealed interface Sent<T> {
    }

    /** The exchange to judge, and the token the call last went out under. */
    public record Exchanged<T>(T token, HttpExchange exchange) implements Sent<T> {

        @Override
        public String toString() {
            return "Exchanged[" + exchange + "]";
        }
    }

    /**
     * The call was answered 401 and no fresh token could be had, so nothing more went out: the
     * provider processed nothing. {@code problem}'s message is secret-free.
     */
    public record NotRenewed<T>(T token, HttpExchange.Answered unauthorized, RuntimeException problem)
            implements Sent<T> {

        @Override
        public String toString() {
            return "NotRenewed[" + problem.getClass().getSimpleName() + "]";
        }
    }

    /** Sends under {@code token}; on a 401, renews it once and sends again under the fresh one. */
    public static <T> Sent<T> send(T token, Renewer<T> renewer, Function<T, HttpExchange> call) {
        HttpExchange exchange = call.apply(token);
        if (!(exchange instanceof HttpExchange.Answered answered) || answered.status() != 401) {
            return new Exchanged<>(token, exchange);
        }
        T fresh;
        try {
            fresh = renewer.renew(token);
        } catch (RuntimeException e) {
            return new NotRenewed<>(token, answered, e);
        }
        return new Exchanged<>(fresh, call.apply(fresh));
    }
}
