package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
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

    private static HistoryCriteria criteriaWithStatuses(Set<TransactionStatus> statuses) {
        return HistoryCriteria.builder().statuses(statuses).build();
    }
}
