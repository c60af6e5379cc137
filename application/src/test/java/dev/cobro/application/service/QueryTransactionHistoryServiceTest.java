package dev.cobro.application.service;

import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.application.port.in.QueryTransactionHistoryUseCase;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionHistoryPort;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import dev.cobro.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.cobro.application.fakes.AuthorizationBuilder.anAuthorization;
import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static dev.cobro.application.fakes.PaymentBuilder.aPayment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryTransactionHistoryServiceTest {

    private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    private final ServiceFixture f = new ServiceFixture();

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void aLimitOutsideOneToAHundredIsRefused(int limit) {
        assertThatThrownBy(() -> page(null, limit))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("limit: must be 1 to 100")
                .hasMessageContaining(String.valueOf(limit));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void limitsOfOneAndAHundredAreServed(int limit) {
        seedPayments(3);

        assertThat(page(null, limit).items()).hasSize(Math.min(limit, 3));
    }

    @Test
    void withoutALimitAPageHoldsTwenty() {
        seedPayments(21);

        HistoryPage first = f.queryHistory.query(new QueryTransactionHistoryCommand(null, null, null, false));

        assertThat(first.items()).hasSize(QueryTransactionHistoryCommand.DEFAULT_LIMIT);
        assertThat(first.nextCursor()).isNotNull();
    }

    @Test
    void followingTheCursorVisitsEveryTransactionOnceNewestFirst() {
        List<UUID> newestFirst = seedPayments(5);

        List<UUID> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            HistoryPage page = page(cursor, 2);
            page.items().forEach(r -> seen.add(r.id()));
            sizes.add(page.items().size());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void theLastPageHasNoNextCursorEvenWhenItIsFull() {
        seedPayments(4);

        HistoryPage first = page(null, 2);
        HistoryPage second = page(first.nextCursor(), 2);

        assertThat(first.nextCursor()).isNotNull();
        assertThat(second.items()).hasSize(2);
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void transactionsCreatedInTheSameInstantArePagedWithoutLossOrRepeat() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Payment p = aPayment().createdAt(T0).build();
            f.payments.seed(p);
            ids.add(p.id().value());
        }

        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        do {
            HistoryPage page = page(cursor, 3);
            page.items().forEach(r -> seen.add(r.id()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void anEmptyHistoryIsOneEmptyLastPage() {
        HistoryPage page = page(null, 10);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void aCursorThisHistoryDidNotReturnIsRefused() {
        assertThatThrownBy(() -> page("not-a-cursor", 10))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("after: is not a cursor this history returned");
    }

    /**
     * A forged cursor whose time no database holds (epoch second 9999999999999) or no
     * arithmetic survives (Instant.MAX's second) is bad input, refused before any query is made.
     */
    @ParameterizedTest
    @ValueSource(strings = {"9999999999999.0", "31556889864403199.999999999", "-62135596801.0", "1.1000000000",
            "1.-1"})
    void aCursorNamingATimeOutsideAnyHistoryIsBadInput(String time) {
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((time + ":" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> page(forged, 10))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("after: is not a cursor this history returned");
    }

    @Test
    void aCursorRoundTripsThroughItsOpaqueForm() {
        HistoryCursor cursor = new HistoryCursor(Instant.parse("2026-01-15T10:00:00.123456789Z"), UUID.randomUUID());

        assertThat(HistoryCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aStatusTypoThroughTheLibraryIsAnErrorNamingTheStatusesNotAnEmptyPage() {
        f.payments.seed(aPayment().inStatus(PaymentStatus.SUCCEEDED).build());

        assertThatThrownBy(() -> f.queryHistory.query(new QueryTransactionHistoryCommand(
                HistoryCriteria.builder().statuses(TransactionStatus.parse("SUCEEDED")).build(), null, 10, false)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("status: must be one of REQUESTED, AWAITING_CUSTOMER, AUTHORIZED, SUCCEEDED")
                .hasMessageContaining("(was 'SUCEEDED')");
    }

    @Test
    void aStatusTheKindNeverHasIsAnErrorNotAnEmptyPage() {
        f.payments.seed(aPayment().inStatus(PaymentStatus.SUCCEEDED).build());

        assertThatThrownBy(() -> f.queryHistory.query(new QueryTransactionHistoryCommand(HistoryCriteria.builder()
                        .kind(TransactionKind.CARD_AUTHORIZATION).statuses(TransactionStatus.SUCCEEDED).build(),
                null, 10, false)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("a card_authorization is never SUCCEEDED");
    }

    @Test
    void aMinimumAboveTheMaximumIsRefused() {
        HistoryCriteria criteria = HistoryCriteria.builder()
                .minAmount(new BigDecimal("10"))
                .maxAmount(new BigDecimal("5"))
                .build();

        assertThatThrownBy(() -> f.queryHistory.query(new QueryTransactionHistoryCommand(criteria, null, 10, false)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("the minimum is above the maximum");
    }

    @Test
    void aFromThatIsNotBeforeToIsRefused() {
        HistoryCriteria criteria = HistoryCriteria.builder().createdFrom(T0).createdTo(T0).build();

        assertThatThrownBy(() -> f.queryHistory.query(new QueryTransactionHistoryCommand(criteria, null, 10, false)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("must be before 'to'");
    }

    @Test
    void filtersNarrowTheHistoryAcrossBothKinds() {
        Payment cheap = aPayment().from(aCheckoutCommand().withAmount("50.00").withCustomerId("ana")).build();
        Payment dear = aPayment().from(aCheckoutCommand().withAmount("500.00").withCustomerId("ana"))
                .inStatus(PaymentStatus.SUCCEEDED).build();
        var authorization = anAuthorization().from(aCardAuthorization().withCustomerId("ana")).build();
        f.payments.seed(cheap);
        f.payments.seed(dear);
        f.authorizations.seed(authorization);

        assertThat(search(HistoryCriteria.builder()
                .kind(TransactionKind.CARD_AUTHORIZATION)
                .build())).containsExactly(authorization.id().value());
        assertThat(search(HistoryCriteria.builder()
                .provider(ProviderId.EIGHTY_EIGHT_PAY)
                .statuses(TransactionStatus.SUCCEEDED)
                .build())).containsExactly(dear.id().value());
        assertThat(search(HistoryCriteria.builder()
                .customerId("ana")
                .minAmount(new BigDecimal("50"))
                .maxAmount(new BigDecimal("100"))
                .build())).containsExactly(cheap.id().value());
        assertThat(search(HistoryCriteria.builder()
                .merchantReference(authorization.operationNumber().value())
                .build())).containsExactly(authorization.id().value());
    }

    @Test
    void detailsBringTheAttemptsAndStatusChanges() {
        PaymentView payment = f.startCheckout.start(aCheckoutCommand().build()).payment();

        TransactionRecord brief = page(null, 10).items().get(0);
        TransactionRecord detailed = f.queryHistory.query(new QueryTransactionHistoryCommand(null, null, 10, true))
                .items().get(0);

        assertThat(brief.attempts()).isEmpty();
        assertThat(brief.statusChanges()).isEmpty();
        assertThat(detailed.id()).isEqualTo(payment.id().value());
        assertThat(detailed.attempts()).hasSize(1);
        assertThat(detailed.statusChanges()).extracting(TransactionRecord.StatusChangeRecord::to)
                .containsExactly(TransactionStatus.REQUESTED, TransactionStatus.AWAITING_CUSTOMER);
        assertThat(f.queryHistory.findById(payment.id().value())).map(TransactionRecord::attempts)
                .hasValueSatisfying(a -> assertThat(a).hasSize(1));
        assertThat(f.queryHistory.findByMerchantReference(payment.merchantReference().value()))
                .extracting(TransactionRecord::id).containsExactly(payment.id().value());
    }

    @Test
    void anExportWalksEveryPageNewestFirstFromACursor() {
        int count = QueryTransactionHistoryUseCase.EXPORT_PAGE * 2 + 7;
        List<UUID> newestFirst = seedPayments(count);

        List<UUID> all = f.queryHistory.stream(HistoryCriteria.ANY, null).map(TransactionRecord::id).toList();
        List<UUID> seen = new ArrayList<>();
        long exported = f.queryHistory.export(HistoryCriteria.ANY, page(null, 10).nextCursor(), r -> seen.add(r.id()));

        assertThat(all).containsExactlyElementsOf(newestFirst);
        assertThat(exported).isEqualTo(count - 10);
        assertThat(seen).containsExactlyElementsOf(newestFirst.subList(10, count));
    }

    @Test
    void anExportChecksItsCriteriaBeforeReadingAnything() {
        HistoryCriteria upsideDown = HistoryCriteria.builder().minAmount(BigDecimal.TEN).maxAmount(BigDecimal.ONE).build();

        assertThatThrownBy(() -> f.queryHistory.stream(upsideDown, null))
                .isInstanceOf(ValidationException.class).hasMessageContaining("the minimum is above the maximum");
        assertThatThrownBy(() -> f.queryHistory.stream(HistoryCriteria.ANY, "not-a-cursor"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("after");
    }

    @Test
    void pagesCutShortByABoundedReadCarryACursorAndPagingOnYieldsEveryMatchOnce() {
        List<UUID> succeeded = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Payment p = aPayment().inStatus(i % 9 == 0 ? PaymentStatus.SUCCEEDED : PaymentStatus.FAILED)
                    .createdAt(T0.plus(Duration.ofMinutes(i))).build();
            f.payments.seed(p);
            if (i % 9 == 0) {
                succeeded.add(0, p.id().value());
            }
        }
        QueryTransactionHistoryService history = new QueryTransactionHistoryService(new Stretches(f.history, 4));
        HistoryCriteria criteria = HistoryCriteria.builder().statuses(TransactionStatus.SUCCEEDED).build();

        List<UUID> paged = new ArrayList<>();
        int shortPages = 0;
        String cursor = null;
        do {
            HistoryPage page = history.query(new QueryTransactionHistoryCommand(criteria, cursor, 2, false));
            page.items().forEach(r -> paged.add(r.id()));
            shortPages += page.items().size() < 2 && page.nextCursor() != null ? 1 : 0;
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(shortPages).isPositive();
        assertThat(paged).containsExactlyElementsOf(succeeded);
        assertThat(history.stream(criteria, null).map(TransactionRecord::id).toList())
                .containsExactlyElementsOf(succeeded);
    }

    /**
     * A history that reads {@code stretch} rows of the whole history per call, newest first, and
     * answers the matches among them: the bounded read of a database whose index is the time's.
     */
    private record Stretches(TransactionHistoryPort all, int stretch) implements TransactionHistoryPort {

        @Override
        public List<TransactionRecord> search(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand) {
            return all.search(criteria, after, limit, expand);
        }

        @Override
        public Window window(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand) {
            List<TransactionRecord> read = all.search(HistoryCriteria.ANY, after, stretch, expand);
            List<UUID> matching = all.search(criteria, after, stretch, expand).stream().map(TransactionRecord::id)
                    .toList();
            List<TransactionRecord> hits = read.stream().filter(r -> matching.contains(r.id())).limit(limit).toList();
            boolean cut = read.size() == stretch && hits.size() < limit;
            return new Window(hits, cut ? read.get(stretch - 1).cursor() : null);
        }

        @Override
        public Optional<TransactionRecord> findById(UUID id) {
            return all.findById(id);
        }

        @Override
        public List<TransactionRecord> findByMerchantReference(String reference) {
            return all.findByMerchantReference(reference);
        }
    }

    /** Seeds {@code count} payments a minute apart; returns their ids newest first. */
    private List<UUID> seedPayments(int count) {
        List<UUID> newestFirst = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Payment p = aPayment().createdAt(T0.plus(Duration.ofMinutes(i))).build();
            f.payments.seed(p);
            newestFirst.add(0, p.id().value());
        }
        return newestFirst;
    }

    private HistoryPage page(String after, int limit) {
        return f.queryHistory.query(new QueryTransactionHistoryCommand(HistoryCriteria.ANY, after, limit, false));
    }

    private List<UUID> search(HistoryCriteria criteria) {
        return f.queryHistory.query(new QueryTransactionHistoryCommand(criteria, null, 100, false)).items().stream()
                .map(TransactionRecord::id).toList();
    }
}
