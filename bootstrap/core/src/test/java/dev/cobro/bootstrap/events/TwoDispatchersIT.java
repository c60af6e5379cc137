package dev.cobro.bootstrap.events;

import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.service.OutboxSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Cobro instances on one database, both dispatching at once: every event is delivered, none
 * twice, and each subject's events in order.
 */
class TwoDispatchersIT {

    private static final int EVENTS = 1000;
    private static final int SUBJECTS = 50;

    @Test
    void twoDispatchersDeliverEveryEventOnceAndEachSubjectsEventsInOrder() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        List<OutcomeEvent> delivered = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Long>> byDispatcher = new HashMap<>();
        byDispatcher.put("a", Collections.synchronizedList(new ArrayList<>()));
        byDispatcher.put("b", Collections.synchronizedList(new ArrayList<>()));
        // Small claims, so that the two take turns on the same subjects many times.
        OutboxSettings small = new OutboxSettings(7, Duration.ofSeconds(1), Duration.ofSeconds(1));
        // Each dispatcher's first delivery waits, inside its claim, until the other has delivered one too: on
        // a loaded machine one thread could otherwise drain all the events before the other gets a turn.
        CountDownLatch aDelivered = new CountDownLatch(1);
        CountDownLatch bDelivered = new CountDownLatch(1);
        try (Cobro a = Cobro.builder().dataSource(db.dataSource()).outboxSettings(small).onOutcome(event -> {
                    delivered.add(event);
                    byDispatcher.get("a").add(event.id());
                    meet(aDelivered, bDelivered);
                }).build();
             Cobro b = Cobro.builder().dataSource(db.dataSource()).runMigrations(false).outboxSettings(small)
                     .onOutcome(event -> {
                         delivered.add(event);
                         byDispatcher.get("b").add(event.id());
                         meet(bDelivered, aDelivered);
                     }).build()) {
            insertEvents(db);
            ExecutorService both = Executors.newFixedThreadPool(2);
            CyclicBarrier together = new CyclicBarrier(2);
            try {
                CompletableFuture<Void> runA = CompletableFuture.runAsync(() -> untilNonePending(a, together), both);
                CompletableFuture<Void> runB = CompletableFuture.runAsync(() -> untilNonePending(b, together), both);
                CompletableFuture.allOf(runA, runB).get(5, TimeUnit.MINUTES);
            } finally {
                both.shutdownNow();
            }
        }

        List<OutcomeEvent> all = EventFlows.copy(delivered);
        assertThat(all).extracting(OutcomeEvent::id).doesNotHaveDuplicates().hasSize(EVENTS);
        Map<UUID, List<Long>> perSubject = new HashMap<>();
        for (OutcomeEvent event : all) {
            perSubject.computeIfAbsent(event.subjectId(), k -> new ArrayList<>()).add(event.id());
        }
        assertThat(perSubject).hasSize(SUBJECTS);
        perSubject.forEach((subject, ids) -> assertThat(ids).as("delivery order of %s", subject).isSorted());
        assertThat(byDispatcher.get("a")).as("dispatcher a delivered some").isNotEmpty();
        assertThat(byDispatcher.get("b")).as("dispatcher b delivered some").isNotEmpty();
    }

    /** Says this dispatcher has delivered, then waits (the first time only) for the other to have delivered too. */
    private static void meet(CountDownLatch mine, CountDownLatch other) {
        if (mine.getCount() == 0) {
            return;
        }
        mine.countDown();
        try {
            if (!other.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the other dispatcher delivered nothing in a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Both dispatchers start each round together, until nothing is pending. */
    private static void untilNonePending(Cobro cobro, CyclicBarrier together) {
        try {
            while (true) {
                together.await(1, TimeUnit.MINUTES);
                cobro.events().deliverPending();
                together.await(1, TimeUnit.MINUTES);
                if (cobro.events().pending(1).isEmpty()) {
                    return;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** 1000 events of 50 subjects, interleaved in id order, as the stores would have written them. */
    private static void insertEvents(TestDatabase.Handle db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("create temporary table subject as select g as n, gen_random_uuid() as id"
                    + " from generate_series(0, " + (SUBJECTS - 1) + ") g");
            st.execute("insert into cobro.outcome_event (subject_kind, subject_id, provider, account, reference,"
                    + " from_status, to_status, reason, occurred_at)"
                    + " select 'card_authorization', s.id, 'payme', 'default', (100000 + g)::text, null, 'REQUESTED',"
                    + " 'event ' || g, timestamptz '2026-01-15 10:00:00+00' + g * interval '1 millisecond'"
                    + " from generate_series(0, " + (EVENTS - 1) + ") g join subject s on s.n = g % " + SUBJECTS
                    + " order by g");
        }
    }
}
