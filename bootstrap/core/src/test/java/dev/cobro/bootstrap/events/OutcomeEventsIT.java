package dev.cobro.bootstrap.events;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.DeliveryReport;
import dev.cobro.application.port.in.ListOutcomeEventsCommand;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.service.OutboxSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.CobroHealth;
import dev.cobro.bootstrap.faults.Await;
import dev.cobro.bootstrap.faults.CobroRows;
import dev.cobro.bootstrap.faults.CobroRows.ChangeRow;
import dev.cobro.bootstrap.faults.SwitchableDataSource;
import dev.cobro.db.CobroMigrations;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.shared.TransactionKind;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** Outcome events through the facade, against the sandbox over HTTP and a real PostgreSQL. */
class OutcomeEventsIT {

    // One sandbox per test: each test has a fresh database, whose operation numbers start again at 1,
    // and the sandbox answers a repeated operation number with its first answer.
    ProviderSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.builder().port(0).noAnswerHold(Duration.ofSeconds(30)).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void eachFlowDeliversExactlyTheEventsOfItsStatusChangesInOrderPerSubject() {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        CobroRows rows = new CobroRows(db.dataSource());
        List<OutcomeEvent> received = Collections.synchronizedList(new ArrayList<>());
        try (Cobro cobro = EventFlows.cobroOn(sandbox).dataSource(db.dataSource()).onOutcome(received::add).build()) {
            EventFlows.Subjects subjects = EventFlows.runAll(cobro, sandbox);

            int delivered = EventFlows.deliverAll(cobro);

            List<OutcomeEvent> events = EventFlows.copy(received);
            assertThat(delivered).isEqualTo(events.size());
            assertThat(events).extracting(OutcomeEvent::id).doesNotHaveDuplicates();
            assertThat(events).extracting(OutcomeEvent::subjectId).containsOnlyElementsOf(subjects.all());
            for (UUID subject : subjects.all()) {
                List<OutcomeEvent> ofSubject = events.stream().filter(e -> e.subjectId().equals(subject)).toList();
                assertThat(ofSubject).as("events of %s, in delivery order", subject)
                        .extracting(OutcomeEvent::from, OutcomeEvent::to)
                        .containsExactlyElementsOf(rows.statusChangesOf(subject).stream()
                                .map(c -> tuple(c.from(), c.to())).toList());
                assertThat(ofSubject).extracting(OutcomeEvent::id).isSorted();
                assertThat(ofSubject).extracting(OutcomeEvent::reason).containsExactlyElementsOf(
                        rows.statusChangesOf(subject).stream().map(ChangeRow::reason).toList());
            }
            assertThat(toOf(events, subjects.paid())).containsExactly("REQUESTED", "AWAITING_CUSTOMER", "SUCCEEDED");
            assertThat(toOf(events, subjects.approvedThenReversed()))
                    .containsExactly("REQUESTED", "AUTHORIZED", "REVERSED");
            assertThat(toOf(events, subjects.declined())).containsExactly("REQUESTED", "DECLINED");
            assertThat(toOf(events, subjects.expired())).containsExactly("REQUESTED", "AWAITING_CUSTOMER", "EXPIRED");
            OutcomeEvent paid = events.stream().filter(e -> e.subjectId().equals(subjects.paid())).toList().get(2);
            assertThat(paid.kind()).isEqualTo(TransactionKind.CHECKOUT_PAYMENT);
            assertThat(paid.reference()).startsWith("ev-paid-");
            assertThat(paid.account()).isEqualTo("default");
            assertThat(paid.paymentStatus()).hasToString("SUCCEEDED");
            OutcomeEvent declined = events.stream().filter(e -> e.subjectId().equals(subjects.declined()))
                    .toList().get(1);
            assertThat(declined.reference()).matches("[0-9]{1,9}");
            assertThat(declined.authorizationStatus()).hasToString("DECLINED");

            assertThat(cobro.events().deliverPending()).isEqualTo(DeliveryReport.NOTHING);
            assertThat(cobro.events().list(new ListOutcomeEventsCommand(true, 0, 100))).isEmpty();
            assertThat(cobro.events().list(ListOutcomeEventsCommand.all())).hasSize(events.size())
                    .allSatisfy(e -> assertThat(e.isDelivered()).isTrue());
        }
    }

    @Test
    void aListenerThatFailsTwiceGetsTheEventThreeTimesWithGrowingDelaysAndTheSubjectsLaterEventsOnlyAfterIt() {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        ControllableClock clock = ControllableClock.ticking(ControllableClock.DEFAULT_START, Duration.ofNanos(1000));
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        UUID[] failing = new UUID[1];
        int[] failures = {0};
        try (Cobro cobro = EventFlows.cobroOn(sandbox).dataSource(db.dataSource()).clock(clock)
                .outboxSettings(new OutboxSettings(100, Duration.ofSeconds(10), Duration.ofMinutes(5)))
                .onOutcome(event -> {
                    boolean isFailing = event.subjectId().equals(failing[0]);
                    calls.add((isFailing ? "failing " : "other ") + event.to());
                    if (isFailing && event.to().equals("REQUESTED") && failures[0] < 2) {
                        failures[0]++;
                        throw new IllegalStateException("the host's queue is down");
                    }
                })
                .build()) {
            AuthorizationResult first = cobro.cardAuthorizations().authorize(aCardAuthorization()
                    .withCard(ProviderSandbox.CARD_APPROVED_VISA, "1230", "123").build());
            failing[0] = first.authorization().id().value();
            cobro.cardAuthorizations().authorize(aCardAuthorization()
                    .withCard(ProviderSandbox.CARD_APPROVED_MASTERCARD, "1230", "123").build());

            assertThat(cobro.events().deliverPending()).isEqualTo(new DeliveryReport(2, 1));
            OutcomeEvent held = cobro.events().pending(10).get(0);
            assertThat(held.to()).isEqualTo("REQUESTED");
            assertThat(held.deliveryTries()).isEqualTo(1);
            Instant firstRetry = held.nextAttemptAt();
            assertThat(cobro.events().deliverPending()).as("not due yet").isEqualTo(DeliveryReport.NOTHING);

            clock.set(firstRetry);
            assertThat(cobro.events().deliverPending()).isEqualTo(new DeliveryReport(0, 1));
            Instant secondRetry = cobro.events().pending(10).get(0).nextAttemptAt();
            assertThat(Duration.between(firstRetry, secondRetry)).as("the delay grows")
                    .isGreaterThan(Duration.between(held.occurredAt(), firstRetry));

            clock.set(secondRetry.minusMillis(1));
            assertThat(cobro.events().deliverPending()).isEqualTo(DeliveryReport.NOTHING);
            clock.set(secondRetry);
            assertThat(cobro.events().deliverPending()).isEqualTo(new DeliveryReport(2, 0));

            assertThat(calls).filteredOn(c -> c.startsWith("failing")).containsExactly(
                    "failing REQUESTED", "failing REQUESTED", "failing REQUESTED", "failing AUTHORIZED");
            assertThat(calls).filteredOn(c -> c.startsWith("other"))
                    .containsExactly("other REQUESTED", "other AUTHORIZED");
            assertThat(cobro.events().list(ListOutcomeEventsCommand.all()))
                    .filteredOn(e -> e.subjectId().equals(failing[0]))
                    .extracting(OutcomeEvent::to, OutcomeEvent::deliveryTries)
                    .containsExactly(tuple("REQUESTED", 3), tuple("AUTHORIZED", 1));
        }
    }

    @Test
    void cobrosSchedulerDeliversWithoutTheHostAndStopsWithClose() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        LinkedBlockingQueue<OutcomeEvent> received = new LinkedBlockingQueue<>();
        Cobro cobro = EventFlows.cobroOn(sandbox).dataSource(db.dataSource()).onOutcome(received::add)
                .deliverEventsEvery(Duration.ofMillis(20)).build();
        try {
            cobro.cardAuthorizations().authorize(aCardAuthorization()
                    .withCard(ProviderSandbox.CARD_DECLINED, "1230", "123").build());
            assertThat(received.poll(30, TimeUnit.SECONDS)).extracting(OutcomeEvent::to).isEqualTo("REQUESTED");
            assertThat(received.poll(30, TimeUnit.SECONDS)).extracting(OutcomeEvent::to).isEqualTo("DECLINED");
            assertThat(dispatcherThreads()).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
        } finally {
            cobro.close();
        }
        Await.until("the dispatcher's thread has ended", Duration.ofSeconds(30), () -> dispatcherThreads().isEmpty());
    }

    @Test
    void theSchedulerNeedsAListener() {
        assertThatThrownBy(() -> Cobro.builder().jdbcUrl("jdbc:postgresql://localhost/none", null, null)
                .deliverEventsEvery(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("onOutcome");
        try (Cobro cobro = EventFlows.cobroOn(sandbox).dataSource(TestDatabase.freshDatabase().dataSource()).build()) {
            assertThatThrownBy(() -> cobro.events().deliverPending())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("onOutcome");
        }
    }

    @Test
    void healthReportsTheDatabaseTheProvidersTheBacklogAndTheOpenUnknowns() {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        SwitchableDataSource switchable = new SwitchableDataSource(db.dataSource());
        ControllableClock clock = ControllableClock.ticking(ControllableClock.DEFAULT_START, Duration.ofNanos(1000));
        try (Cobro cobro = EventFlows.cobroOn(sandbox).dataSource(switchable).clock(clock).build()) {
            cobro.cardAuthorizations().authorize(aCardAuthorization()
                    .withCard(ProviderSandbox.CARD_NO_ANSWER, "1230", "123").build());
            clock.advance(Duration.ofMinutes(3));

            CobroHealth health = cobro.health();

            assertThat(health.healthy()).as("problems: %s", health.problems()).isTrue();
            assertThat(health.databaseReachable()).isTrue();
            assertThat(health.migrated()).isTrue();
            assertThat(health.schemaVersion()).contains(String.valueOf(CobroMigrations.LATEST_VERSION));
            assertThat(health.providers()).isEqualTo(Map.of("88pay", List.of("default"), "payme", List.of("default")));
            assertThat(health.listenerRegistered()).isFalse();
            assertThat(health.pendingEvents()).isEqualTo(2);
            assertThat(health.oldestPendingEvent()).hasValueSatisfying(age ->
                    assertThat(age).isBetween(Duration.ofMinutes(3), Duration.ofMinutes(4)));
            assertThat(health.openUnknowns()).isEqualTo(1);
            assertThat(health.oldestUnknown()).hasValueSatisfying(age ->
                    assertThat(age).isBetween(Duration.ofMinutes(3), Duration.ofMinutes(4)));

            switchable.down();
            CobroHealth down = cobro.health();
            assertThat(down.healthy()).isFalse();
            assertThat(down.databaseReachable()).isFalse();
            assertThat(down.problems()).singleElement().asString().contains("cannot be reached");
        }
        try (Cobro noProviders = Cobro.builder().dataSource(db.dataSource()).build()) {
            assertThat(noProviders.health().problems()).containsExactly("no provider is configured");
        }
    }

    @Test
    void healthNamesTheMigrationsADatabaseLacks() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        try (Cobro cobro = EventFlows.cobroOn(sandbox).dataSource(db.dataSource()).build()) {
            // The newest migration's row gone: the one-query check says "not current", and Flyway says what is missing.
            // Versions need not be consecutive: the one before the newest is whatever was applied before it.
            int previous;
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("delete from " + CobroMigrations.SCHEMA + "." + CobroMigrations.HISTORY_TABLE
                        + " where version = '" + CobroMigrations.LATEST_VERSION + "'");
                try (java.sql.ResultSet rs = st.executeQuery("select max(version::int) from " + CobroMigrations.SCHEMA
                        + "." + CobroMigrations.HISTORY_TABLE + " where version is not null")) {
                    rs.next();
                    previous = rs.getInt(1);
                }
            }

            CobroHealth health = cobro.health();

            assertThat(health.healthy()).isFalse();
            assertThat(health.databaseReachable()).isTrue();
            assertThat(health.migrated()).isFalse();
            assertThat(health.schemaVersion()).contains(String.valueOf(previous));
            assertThat(health.problems()).containsExactly("the database is not migrated: 1 migration(s) pending"
                    + " after version " + previous);
        }
    }

    private static List<String> toOf(List<OutcomeEvent> events, UUID subject) {
        return events.stream().filter(e -> e.subjectId().equals(subject)).map(OutcomeEvent::to).toList();
    }

    private static List<Thread> dispatcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("cobro-outcome-events") && t.isAlive()).toList();
    }
}
