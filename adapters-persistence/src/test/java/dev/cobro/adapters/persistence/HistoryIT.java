package dev.cobro.adapters.persistence;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.adapters.persistence.HistoryRows.Row;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class HistoryIT {

    private static final long SEED = 20260301L;
    private static final int ROWS = 3000;
    private static final int QUERIES = 120;
    private static final int MAX_PAGES = 25;
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private static TestDatabase.Handle db;
    private static CobroPersistence persistence;

    @BeforeAll
    static void start() {
        db = Databases.migrated();
        persistence = Databases.persistence(db);
    }

    @AfterAll
    static void stop() {
        persistence.close();
    }

    /**
     * Property-style, with a fixed seed: random filters and page sizes over a few thousand rows,
     * each page compared with the in-memory reference. Between some pages new rows arrive, older
     * and newer than the cursor: the keyset must neither skip nor repeat a row.
     */
    @Test
    void filtersAndKeysetPagesAnswerExactlyWhatTheReferenceAnswers() {
        Random random = new Random(SEED);
        List<Row> all = new ArrayList<>();
        int serial = 0;
        List<Row> initial = new ArrayList<>();
        for (; serial < ROWS; serial++) {
            initial.add(HistoryRows.random(random, serial, BASE));
        }
        HistoryRows.insert(db.dataSource(), initial);
        all.addAll(initial);

        int pagesChecked = 0;
        int nonEmptyPages = 0;
        for (int q = 0; q < QUERIES; q++) {
            HistoryCriteria criteria = randomCriteria(random, all);
            int limit = 20 + random.nextInt(180);
            boolean growing = random.nextInt(3) == 0;
            HistoryCursor after = null;
            Set<UUID> seen = new HashSet<>();
            for (int page = 0; page < MAX_PAGES; page++) {
                List<Row> actual = persistence.history().search(criteria, after, limit, false).stream()
                        .map(Row::of).toList();
                List<Row> expected = HistoryRows.expected(all, criteria, after, limit);
                assertThat(actual).as("query %d page %d: %s after %s", q, page, criteria, after)
                        .containsExactlyElementsOf(expected);
                assertThat(actual).extracting(Row::id).allMatch(seen::add);
                pagesChecked++;
                nonEmptyPages += actual.isEmpty() ? 0 : 1;
                if (actual.size() < limit) {
                    break;
                }
                after = new HistoryCursor(actual.get(actual.size() - 1).createdAt(), actual.get(actual.size() - 1).id());
                if (growing) {
                    List<Row> arriving = new ArrayList<>();
                    for (int n = random.nextInt(4); n > 0; n--) {
                        arriving.add(HistoryRows.random(random, serial++, BASE));
                    }
                    HistoryRows.insert(db.dataSource(), arriving);
                    all.addAll(arriving);
                }
            }
        }
        assertThat(pagesChecked).isGreaterThan(QUERIES);
        assertThat(nonEmptyPages).as("pages with rows").isGreaterThan(QUERIES / 2);
    }

    /**
     * A forged cursor (epoch second 9999999999999, beyond PostgreSQL's timestamps, or
     * Instant.MAX's second) came back as a store failure or a raw DateTimeException; it is bad input.
     */
    @Test
    void aForgedCursorIsBadInputNotAStoreFailure() {
        var service = new dev.cobro.application.service.QueryTransactionHistoryService(persistence.history());
        for (String time : List.of("9999999999999.0", "31556889864403199.999999999")) {
            String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (time + ":" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.query(
                            new dev.cobro.application.port.in.QueryTransactionHistoryCommand(HistoryCriteria.ANY,
                                    forged, 10, false)))
                    .as(time)
                    .isInstanceOf(dev.cobro.domain.shared.ValidationException.class);
        }
    }

    @Test
    void oneTransactionIsFoundByIdWithItsAttemptsAndStatusChanges() {
        ControllableClock clock = ControllableClock.ticking(Instant.parse("2027-01-01T00:00:00Z"), java.time.Duration.ofNanos(1000));
        Payment payment = TestData.payment("history-expanded-1", "64.00", clock);
        var attempt = TestData.attempt(payment, 1, clock);
        persistence.payments().insertRequested(payment, attempt);
        payment.awaitCustomer("sess_h", null, "https://checkout.example/h", false, clock);
        attempt.finish(AttemptStatus.SUCCEEDED, 200, "200", "Success", "{}", clock);
        persistence.payments().save(payment, attempt);

        TransactionRecord found = persistence.history().findById(payment.id().value()).orElseThrow();

        assertThat(found.kind()).isEqualTo(TransactionKind.CHECKOUT_PAYMENT);
        assertThat(found.status()).isEqualTo(TransactionStatus.AWAITING_CUSTOMER);
        assertThat(found.money()).isEqualTo(payment.details().money());
        assertThat(found.merchantReference()).isEqualTo("history-expanded-1");
        assertThat(found.createdAt()).isEqualTo(payment.createdAt());
        assertThat(found.updatedAt()).isEqualTo(payment.updatedAt());
        assertThat(found.attempts()).singleElement().usingRecursiveComparison().isEqualTo(attempt);
        assertThat(found.statusChanges()).extracting(c -> c.from(), c -> c.to())
                .containsExactly(tuple(null, TransactionStatus.REQUESTED),
                        tuple(TransactionStatus.REQUESTED, TransactionStatus.AWAITING_CUSTOMER));
        assertThat(persistence.history().findById(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aReferenceFindsAPaymentAndAnAuthorizationThatShareItNewestFirst() {
        ControllableClock clock = ControllableClock.ticking(Instant.parse("2027-02-01T00:00:00Z"), java.time.Duration.ofNanos(1000));
        Payment payment = TestData.payment("424242", "10.00", clock);
        persistence.payments().insertRequested(payment, TestData.attempt(payment, 1, clock));
        clock.advance(Duration.ofMinutes(1));
        Authorization authorization = TestData.authorization("424242", "11.00", clock);
        persistence.authorizations().insertRequested(authorization,
                TestData.attempt(authorization, AttemptOperation.AUTHORIZE, 1, clock));

        List<TransactionRecord> found = persistence.history().findByMerchantReference("424242");

        assertThat(found).extracting(TransactionRecord::id, TransactionRecord::kind, TransactionRecord::provider,
                        TransactionRecord::customerId)
                .containsExactly(tuple(authorization.id().value(), TransactionKind.CARD_AUTHORIZATION, ProviderId.PAYME,
                                "customer-2"),
                        tuple(payment.id().value(), TransactionKind.CHECKOUT_PAYMENT, ProviderId.EIGHTY_EIGHT_PAY,
                                "customer-1"));
        assertThat(found).allSatisfy(r -> assertThat(r.attempts()).hasSize(1));
        assertThat(persistence.history().search(HistoryCriteria.builder()
                .merchantReference("424242")
                .build(), null, 10, false))
                .allSatisfy(r -> assertThat(r.attempts()).isEmpty())
                .hasSize(2);
    }

    private static HistoryCriteria randomCriteria(Random random, List<Row> rows) {
        Row some = rows.get(random.nextInt(rows.size()));
        String customer = random.nextInt(10) < 3 ? "c" + random.nextInt(17) : null;
        ProviderId provider = random.nextInt(10) < 2
                ? ProviderId.of(Stream.of("88pay", "payme", "otherpay", "nopay").toList().get(random.nextInt(4)))
                : null;
        AccountId account = random.nextInt(5) == 0
                ? AccountId.of(Stream.of("default", "mx", "pe-2", "none").toList().get(random.nextInt(4))) : null;
        TransactionKind kind = random.nextInt(4) == 0 ? TransactionKind.values()[random.nextInt(2)] : null;
        Set<TransactionStatus> statuses = new HashSet<>();
        if (random.nextInt(10) < 3) {
            // With a kind, only its statuses: another kind's is refused, not searched.
            List<TransactionStatus> names = new ArrayList<>(kind == null
                    ? EnumSet.allOf(TransactionStatus.class) : TransactionStatus.of(kind));
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                statuses.add(names.get(random.nextInt(names.size())));
            }
        }
        Currency currency = random.nextInt(4) == 0
                ? Currency.getInstance(HistoryRows.CURRENCIES[random.nextInt(3)]) : null;
        BigDecimal min = random.nextInt(5) == 0 ? BigDecimal.valueOf(random.nextInt(60_000), 2) : null;
        BigDecimal max = random.nextInt(5) == 0 ? BigDecimal.valueOf(random.nextInt(100_000), 2) : null;
        // Bounds sometimes fall between microseconds, or exactly on a row's time.
        Instant from = random.nextInt(4) == 0 ? randomBound(random, some) : null;
        Instant to = random.nextInt(4) == 0 ? randomBound(random, rows.get(random.nextInt(rows.size()))) : null;
        String reference = random.nextInt(10) == 0 ? (random.nextBoolean() ? some.reference() : "no-such-ref") : null;
        return HistoryCriteria.builder()
                .customerId(customer)
                .provider(provider)
                .account(account)
                .kind(kind)
                .statuses(statuses)
                .currency(currency)
                .minAmount(min)
                .maxAmount(max)
                .createdFrom(from)
                .createdTo(to)
                .merchantReference(reference)
                .build();
    }

    private static Instant randomBound(Random random, Row row) {
        return switch (random.nextInt(3)) {
            case 0 -> row.createdAt();
            case 1 -> row.createdAt().plusNanos(500);
            default -> BASE.plusSeconds(random.nextInt(2000 * 60));
        };
    }
}
