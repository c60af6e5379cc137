package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.history.HistoryQuery;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryQueryTest {

    @Test
    void aKindReadsOneTableAndTheCustomerDrivesItsIndex() {
        String sql = HistoryQuery.search(HistoryCriteria.builder()
                .customerId("c1")
                .kind(TransactionKind.CARD_AUTHORIZATION)
                .build(), null, 21).sql();

        assertThat(sql).doesNotContain("checkout_payment where")
                .contains("from cobro.card_authorization where customer_id = any (?)"
                        + " order by customer_id desc, created_at desc, id desc limit " + HistoryQuery.WINDOW + ")")
                .contains(" order by customer_id desc, created_at desc, id desc limit 21)")
                .endsWith(") h order by created_at desc, id desc");
    }

    @Test
    void eachStatusIsABranchOnlyInTheTablesWhoseKindHasIt() {
        String one = HistoryQuery.search(criteriaWithStatuses(Set.of(TransactionStatus.SUCCEEDED)), null, 5).sql();
        String shared = HistoryQuery.search(criteriaWithStatuses(Set.of(TransactionStatus.UNKNOWN,
                TransactionStatus.FAILED)), null, 5).sql();

        assertThat(one).contains("from cobro.checkout_payment where status = any (?)")
                .doesNotContain("card_authorization where");
        // UNKNOWN in both tables, FAILED in payments only: three branches.
        assertThat(shared.split("status = any \\(\\?\\)", -1)).hasSize(4);
    }

    @Test
    void aCursorAsksForRowsStrictlyAfterItsPairInEveryBranch() {
        String sql = HistoryQuery.search(HistoryCriteria.ANY, new HistoryCursor(Instant.EPOCH, UUID.randomUUID()), 5)
                .sql();

        assertThat(sql.split("where \\(created_at, id\\) < \\(\\?, \\?\\) order by created_at desc, id desc",
                -1)).hasSize(3);
    }

    @Test
    void onlyAReferenceQueryMayBeSorted() {
        assertThat(HistoryQuery.search(HistoryCriteria.builder().merchantReference("r-1").build(), null, 5).sortless())
                .isFalse();
        assertThat(HistoryQuery.search(HistoryCriteria.builder().customerId("c").build(), null, 5).sortless())
                .isTrue();
    }

    @Test
    void aFullWindowBoundsThePageAtItsEdgeAndThePageGoesOnFromThere() {
        List<PostgresTransactionHistoryAdapter.Row> rows = List.of(row(0, 1, true, false), row(1, 0, true, false),
                row(2, 0, false, true), row(3, 1, true, false));

        PostgresTransactionHistoryAdapter.Picked picked = PostgresTransactionHistoryAdapter.pick(rows, 5);

        // Branch 1's row 3 is older than branch 0's edge: rows of branch 0 not yet read may precede it.
        assertThat(picked.rows()).containsExactly(rows.get(0), rows.get(1));
        assertThat(picked.resumeAfter()).isEqualTo(rows.get(2).cursor());
    }

    @Test
    void branchesThatRanOutOrFilledThePageLeaveNothingToResume() {
        List<PostgresTransactionHistoryAdapter.Row> ranOut = List.of(row(0, 0, true, false), row(1, 1, true, false));
        List<PostgresTransactionHistoryAdapter.Row> filled = List.of(row(0, 1, true, false), row(1, 0, true, false),
                row(2, 1, true, false), row(3, 0, false, true));

        assertThat(PostgresTransactionHistoryAdapter.pick(ranOut, 5).rows()).isEqualTo(ranOut);
        assertThat(PostgresTransactionHistoryAdapter.pick(ranOut, 5).resumeAfter()).isNull();
        assertThat(PostgresTransactionHistoryAdapter.pick(filled, 2).rows()).containsExactly(filled.get(0), filled.get(1));
        assertThat(PostgresTransactionHistoryAdapter.pick(filled, 2).resumeAfter()).isNull();
    }

    /** The {@code n}-th row of a window's answer in page order: newer rows have lower {@code n}. */
    private static PostgresTransactionHistoryAdapter.Row row(int n, int branch, boolean hit, boolean edge) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z").minusSeconds(n);
        return new PostgresTransactionHistoryAdapter.Row(UUID.nameUUIDFromBytes(new byte[] {(byte) n}),
                TransactionKind.CHECKOUT_PAYMENT, ProviderId.EIGHTY_EIGHT_PAY, AccountId.of("mx"),
                TransactionStatus.SUCCEEDED, Money.of(new BigDecimal("10.00"), Currency.getInstance("MXN")), null,
                "ref-" + n, at, at, branch, hit, edge);
    }

    private static HistoryCriteria criteriaWithStatuses(Set<TransactionStatus> statuses) {
        return HistoryCriteria.builder().statuses(statuses).build();
    }
}
