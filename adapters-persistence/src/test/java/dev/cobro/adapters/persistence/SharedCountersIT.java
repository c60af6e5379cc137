package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.application.port.out.TokenRequestLedgerPort.Limit;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What two processes share through the database: the token ledger and the operation-number sequence. */
class SharedCountersIT {

    /** 88Pay's published token limits. */
    private static final List<Limit> EIGHTY_EIGHT_PAY = List.of(new Limit(10, Duration.ofMinutes(1)),
            new Limit(100, Duration.ofHours(1)));

    private static TestDatabase.Handle db;
    private static CobroPersistence first;
    private static CobroPersistence second;

    @BeforeAll
    static void start() {
        db = Databases.migrated();
        first = Databases.persistence(db);
        second = Databases.persistence(db);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    /**
     * The windows are the database's: requests recorded "30 s ago" by the database clock count
     * against the minute whatever the host's clock says, and the wait is measured from there (30 s
     * ago, not 50: a loaded machine may take seconds between the update and the next request).
     */
    @Test
    void tenTokenRequestsAMinuteAreAllowedAcrossTwoProcessesAndTheEleventhWaitsForTheFirstToLeaveTheWindow() {
        for (int i = 0; i < 10; i++) {
            CobroPersistence process = i % 2 == 0 ? first : second;
            assertThat(process.tokenLedger().tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-A", EIGHTY_EIGHT_PAY))
                    .as("request %d", i + 1).isEmpty();
        }
        Databases.execute(db, "update cobro.token_request set requested_at = clock_timestamp() - interval '30 seconds'"
                + " where credential_id = 'MCH-A'");

        Optional<Duration> eleventh = first.tokenLedger().tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-A",
                EIGHTY_EIGHT_PAY);

        assertThat(eleventh).hasValueSatisfying(wait -> assertThat(wait)
                .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(30)));
        assertThat(second.tokenLedger().tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-OTHER", EIGHTY_EIGHT_PAY))
                .as("another credential has its own limit").isEmpty();
        Databases.execute(db, "update cobro.token_request set requested_at = clock_timestamp() - interval '61 seconds'"
                + " where credential_id = 'MCH-A'");
        assertThat(second.tokenLedger().tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-A", EIGHTY_EIGHT_PAY)).isEmpty();
        assertThat(Databases.single(db, "select count(*) from cobro.token_request where credential_id = 'MCH-A'"))
                .isEqualTo("11");
    }

    @Test
    void aHundredTokenRequestsAnHourAreAllowedAndTheNextWaitsForTheHour() {
        // 100 requests spread over the last 50 minutes by the database clock (one every 30 s).
        Databases.execute(db, "insert into cobro.token_request (provider, credential_id, requested_at)"
                + " select '88pay', 'MCH-H', clock_timestamp() - interval '3000 seconds' + interval '30 seconds' * g"
                + " from generate_series(0, 99) g");

        Optional<Duration> next = second.tokenLedger().tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-H",
                EIGHTY_EIGHT_PAY);

        // The oldest of the hundred is 50 min old: it leaves the hour in about 10 minutes.
        assertThat(next).hasValueSatisfying(wait -> assertThat(wait)
                .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10)));
    }

    @Test
    void processesRacingForTokensAtTheSameInstantGetTenBetweenThem() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> granted = new ArrayList<>();
            for (CobroPersistence process : List.of(first, second)) {
                granted.add(threads.submit(() -> {
                    start.await(1, TimeUnit.MINUTES);
                    int count = 0;
                    for (int i = 0; i < 10; i++) {
                        Optional<Duration> wait = process.tokenLedger().tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-R",
                                EIGHTY_EIGHT_PAY);
                        count += wait.isEmpty() ? 1 : 0;
                    }
                    return count;
                }));
            }
            start.countDown();

            assertThat(granted.get(0).get(30, TimeUnit.SECONDS) + granted.get(1).get(30, TimeUnit.SECONDS)).isEqualTo(10);
        } finally {
            threads.shutdownNow();
        }
        assertThat(Databases.single(db, "select count(*) from cobro.token_request where credential_id = 'MCH-R'"))
                .isEqualTo("10");
    }

    @Test
    void operationNumbersComeFromTheSequenceAndNeverRepeatAcrossProcesses() {
        OperationNumber a = first.operationNumbers().next();
        OperationNumber b = second.operationNumbers().next();
        Set<String> seen = new HashSet<>(List.of(a.value(), b.value()));
        for (int i = 0; i < 50; i++) {
            assertThat(seen.add((i % 2 == 0 ? first : second).operationNumbers().next().value())).isTrue();
        }

        assertThat(Long.parseLong(b.value())).isEqualTo(Long.parseLong(a.value()) + 1);
        assertThat(Databases.single(db, "select last_value from cobro.operation_number_seq"))
                .isEqualTo(String.valueOf(Long.parseLong(a.value()) + 51));
    }

    @Test
    void theLastOperationNumberHasNineDigitsAndTheSequenceThenRefusesRatherThanWraps() {
        TestDatabase.Handle own = Databases.migrated();
        try (CobroPersistence persistence = Databases.persistence(own)) {
            Databases.execute(own, "select setval('cobro.operation_number_seq', 999999998)");

            assertThat(persistence.operationNumbers().next()).isEqualTo(new OperationNumber("999999999"));
            assertThatThrownBy(() -> persistence.operationNumbers().next()).isInstanceOf(StoreUnavailableException.class);
        }
    }
}
