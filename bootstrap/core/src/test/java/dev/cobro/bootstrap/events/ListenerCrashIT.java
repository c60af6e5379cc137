package dev.cobro.bootstrap.events;

import dev.cobro.application.port.in.ListOutcomeEventsCommand;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.faults.Await;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process that dies after its listener got an event and before the delivery committed loses
 * nothing: the event is still pending, and the next dispatcher delivers it again (at least once).
 */
class ListenerCrashIT {

    private static final Duration CHILD_PATIENCE = Duration.ofSeconds(90);

    @Test
    void anEventWhoseDeliveryDiedBeforeItsCommitIsDeliveredAgain() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        Path output = Files.createTempFile("cobro-dying-listener", ".log");
        List<OutcomeEvent> received = Collections.synchronizedList(new ArrayList<>());
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).start();
             Cobro survivor = EventFlows.cobroOn(sandbox).dataSource(db.dataSource()).onOutcome(received::add)
                     .build()) {
            survivor.cardAuthorizations().authorize(aCardAuthorization()
                    .withCard(ProviderSandbox.CARD_APPROVED_VISA, "1230", "123").build());
            long first = survivor.events().pending(1).get(0).id();

            Process child = start(db, output);
            try {
                Await.until("the other process's listener has the first event", CHILD_PATIENCE, () -> {
                    assertThat(child.isAlive()).as("the dispatching process is alive; its output:%n%s",
                            read(output)).isTrue();
                    return read(output).contains(DyingListenerMain.RECEIVED + first);
                });
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the killed process is gone").isTrue();
            }
            assertThat(survivor.events().pending(10)).extracting(OutcomeEvent::id).contains(first);

            // The dead process's connection is closed by the kernel; PostgreSQL then rolls its claim back.
            Await.until("the survivor has delivered both events", CHILD_PATIENCE, () -> {
                survivor.events().deliverPending();
                return EventFlows.copy(received).size() >= 2;
            });
            assertThat(EventFlows.copy(received)).extracting(OutcomeEvent::to).containsExactly("REQUESTED", "AUTHORIZED");
            assertThat(EventFlows.copy(received).get(0).id()).isEqualTo(first);
            assertThat(survivor.events().list(new ListOutcomeEventsCommand(true, 0, 10))).isEmpty();
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Process start(TestDatabase.Handle db, Path output) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DyingListenerMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put(DyingListenerMain.JDBC_URL, db.jdbcUrl());
        env.put(DyingListenerMain.JDBC_USER, db.user());
        env.put(DyingListenerMain.JDBC_PASSWORD, db.password());
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
