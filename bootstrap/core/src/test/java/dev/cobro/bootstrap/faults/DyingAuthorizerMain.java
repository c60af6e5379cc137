package dev.cobro.bootstrap.faults;

import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.testkit.ProviderSandbox;

import java.time.Duration;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;

/**
 * The process {@link FaultCrashedProcessIT} kills: it authorizes the sandbox's no-answer card
 * against the test's database and waits for an answer that never comes. Its settings come from
 * the environment, so that no password shows in a process listing.
 */
public final class DyingAuthorizerMain {

    static final String JDBC_URL = "COBRO_FAULT_JDBC_URL";
    static final String JDBC_USER = "COBRO_FAULT_JDBC_USER";
    static final String JDBC_PASSWORD = "COBRO_FAULT_JDBC_PASSWORD";
    static final String PAYME_AUTH_URL = "COBRO_FAULT_PAYME_AUTH_URL";
    static final String PAYME_API_URL = "COBRO_FAULT_PAYME_API_URL";
    static final String OPERATION_NUMBER = "COBRO_FAULT_OPERATION_NUMBER";

    private DyingAuthorizerMain() {
    }

    public static void main(String[] args) {
        PaymeSettings payme = PaymeSettings.defaults(System.getenv(PAYME_AUTH_URL), System.getenv(PAYME_API_URL),
                        ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET)
                // Far longer than the test waits: the process must die mid-call, not time out.
                .withTimeouts(new HttpTimeouts(Duration.ofSeconds(5), Duration.ofMinutes(5)));
        try (Cobro cobro = Cobro.builder()
                .jdbcUrl(System.getenv(JDBC_URL), System.getenv(JDBC_USER), System.getenv(JDBC_PASSWORD))
                .runMigrations(false)
                .payme(payme)
                .build()) {
            System.out.println("authorizing operation " + System.getenv(OPERATION_NUMBER));
            var result = cobro.cardAuthorizations().authorize(aCardAuthorization()
                    .withOperationNumber(System.getenv(OPERATION_NUMBER))
                    .withCard(ProviderSandbox.CARD_NO_ANSWER, "1234", "123")
                    .build());
            // Only reached if the sandbox answered after all; the test then fails on the exit.
            System.out.println("unexpectedly finished: " + result.authorization().status());
        }
    }
}
