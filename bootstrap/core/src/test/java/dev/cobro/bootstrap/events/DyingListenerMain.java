package dev.cobro.bootstrap.events;

import dev.cobro.bootstrap.Cobro;

import java.util.concurrent.CountDownLatch;

/**
 * The process {@link ListenerCrashIT} kills: its listener prints the event it received and then
 * waits, inside the delivery's transaction, for a kill that comes before any commit. Settings come
 * from the environment, so that no password shows in a process listing.
 */
public final class DyingListenerMain {

    static final String JDBC_URL = "COBRO_EVENTS_JDBC_URL";
    static final String JDBC_USER = "COBRO_EVENTS_JDBC_USER";
    static final String JDBC_PASSWORD = "COBRO_EVENTS_JDBC_PASSWORD";
    static final String RECEIVED = "received event ";

    private DyingListenerMain() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (Cobro cobro = Cobro.builder()
                .jdbcUrl(System.getenv(JDBC_URL), System.getenv(JDBC_USER), System.getenv(JDBC_PASSWORD))
                .runMigrations(false)
                .onOutcome(event -> {
                    System.out.println(RECEIVED + event.id());
                    System.out.flush();
                    never.await();
                })
                .build()) {
            cobro.events().deliverPending();
            // Only reached if the listener returned after all; the test then fails on the exit.
            System.out.println("unexpectedly finished");
        }
    }
}
