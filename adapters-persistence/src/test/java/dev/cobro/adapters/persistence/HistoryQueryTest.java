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
    void onlyTheFiltersGivenAreWrittenAndTheOrderIsTheKeyset() {
        String sql = HistoryQuery.search(HistoryCriteria.builder()
                .customerId("c1")
                .kind(TransactionKind.CARD_AUTHORIZATION)
                .build(), null, 21).sql();

        assertThat(sql).isEqualTo("select " + HistoryQuery.COLUMNS + " from cobro.transaction_history"
                + " where customer_id = ? and kind = ? order by created_at desc, id desc limit 21");
    }

    @Test
    void oneStatusIsAnEqualityAndSeveralAreAnArray() {
        assertThat(HistoryQuery.search(criteriaWithStatuses(Set.of(TransactionStatus.UNKNOWN)), null, 5).sql())
                .contains("where status = ? ");
        assertThat(HistoryQuery.search(criteriaWithStatuses(Set.of(TransactionStatus.UNKNOWN, TransactionStatus.FAILED)), null, 5).sql())
                .contains("where status = any (?) ");
    }

    @Test
    void aCursorAsksForRowsStrictlyAfterItsPair() {
        String sql = HistoryQuery.search(HistoryCriteria.ANY, new HistoryCursor(Instant.EPOCH, UUID.randomUUID()), 5)
                .sql();

        assertThat(sql).contains(" where (created_at, id) < (?, ?) order by created_at desc, id desc");
    }

    private static HistoryCriteria criteriaWithStatuses(Set<TransactionStatus> statuses) {
        return HistoryCriteria.builder().statuses(statuses).build();
    }
}
