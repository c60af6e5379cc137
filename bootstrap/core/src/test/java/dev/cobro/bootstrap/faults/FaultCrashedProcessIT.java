package dev.cobro.bootstrap.faults;

import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.faults.CobroRows.AttemptRow;
import dev.cobro.bootstrap.faults.CobroRows.ChangeRow;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * A process that dies in the middle of a provider call leaves a REQUESTED attempt and nobody to
 * finish it. The resolver of another process finds it, calls it UNKNOWN (the provider may have
 * processed it: here it did) and sends the timeout reversal.
 */
class FaultCrashedProcessIT {

    private static final Duration CHILD_PATIENCE = Duration.ofSeconds(90);

    @Test
    void anAuthorizationLeftInFlightByADeadProcessIsSettledAndReversedByTheResolver() throws Exception {
        String number = "300000001";
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        CobroRows rows = new CobroRows(db.dataSource());
        Path output = Files.createTempFile("cobro-dying-authorizer", ".log");
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).noAnswerHold(Duration.ofMinutes(5)).start();
             Cobro survivor = Cobro.builder()
                     .dataSource(db.dataSource())
                     .payme(PaymeSettings.defaults(sandbox.paymeAuthUrl(), sandbox.paymeApiUrl(),
                                     ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET)
                             // The sandbox answers the survivor's calls: generous for a loaded machine.
                             .withTimeouts(new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))))
                     .resolverSettings(new ResolverSettings(Duration.ZERO, Duration.ZERO, 5, Duration.ofHours(72)))
                     .build()) {
            Process child = startDyingAuthorizer(db, sandbox, number, output);
            try {
                Await.until("the other process has written its attempt and is waiting on Pay-me", CHILD_PATIENCE,
                        () -> {
                            assertThat(child.isAlive()).as("the authorizing process is alive; its output:%n%s",
                                    read(output)).isTrue();
                            return sandbox.paymeAuthorizations() == 1 && rows.authorizationId(number).isPresent();
                        });
                UUID id = rows.authorizationId(number).orElseThrow();
                assertThat(rows.authorizationStatus(number)).contains("REQUESTED");
                assertThat(rows.attemptsOf(id)).singleElement()
                        .satisfies(attempt -> assertThat(attempt.status()).isEqualTo("REQUESTED"));
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the killed process is gone").isTrue();
            }
            UUID id = rows.authorizationId(number).orElseThrow();

            List<String> settled = new ArrayList<>();
            for (int run = 0; run < 3 && !settled.contains("REVERSED"); run++) {
                ResolutionReport report = survivor.resolver().resolve(ResolveUnknownOutcomesCommand.DEFAULT);
                report.changes().stream().filter(change -> change.id().equals(id))
                        .forEach(change -> settled.add(change.to().name()));
            }

            // The sandbox approved the no-answer card: the reversal is what keeps the customer's money free.
            assertThat(settled).containsExactly("UNKNOWN", "REVERSED");
            assertThat(rows.authorizationStatus(number)).contains("REVERSED");
            assertThat(sandbox.paymeAuthorizations()).isEqualTo(1);
            assertThat(sandbox.paymeReversals()).isEqualTo(1);
            assertThat(rows.attemptsOf(id)).extracting(AttemptRow::operation, AttemptRow::status)
                    .containsExactly(tuple("AUTHORIZE", "UNKNOWN"), tuple("REVERSE", "SUCCEEDED"));
            assertThat(rows.statusChangesOf(id)).extracting(ChangeRow::from, ChangeRow::to).containsExactly(
                    tuple(null, "REQUESTED"), tuple("REQUESTED", "UNKNOWN"), tuple("UNKNOWN", "REVERSED"));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Process startDyingAuthorizer(TestDatabase.Handle db, ProviderSandbox sandbox, String number,
                                                Path output) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DyingAuthorizerMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put(DyingAuthorizerMain.JDBC_URL, db.jdbcUrl());
        env.put(DyingAuthorizerMain.JDBC_USER, db.user());
        env.put(DyingAuthorizerMain.JDBC_PASSWORD, db.password());
        env.put(DyingAuthorizerMain.PAYME_AUTH_URL, sandbox.paymeAuthUrl());
        env.put(DyingAuthorizerMain.PAYME_API_URL, sandbox.paymeApiUrl());
        env.put(DyingAuthorizerMain.OPERATION_NUMBER, number);
        return builder.start();
    }

    private static String read(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
