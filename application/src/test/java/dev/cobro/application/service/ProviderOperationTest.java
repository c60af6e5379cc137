package dev.cobro.application.service;

import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one settle table: every outcome of every operation, its attempt status and its name on the timer. */
class ProviderOperationTest {

    private static final ProviderExchange NOTHING = ProviderExchange.nothing();

    @Test
    void everyOutcomeEndsItsAttemptByOneTable() {
        for (AttemptOperation operation : AttemptOperation.values()) {
            assertThat(ProviderOperation.statusOf(operation, ProviderOutcome.succeeded(null, NOTHING)))
                    .isEqualTo(AttemptStatus.SUCCEEDED);
            assertThat(ProviderOperation.statusOf(operation, ProviderOutcome.rejected("400", NOTHING)))
                    .isEqualTo(AttemptStatus.REJECTED);
            assertThat(ProviderOperation.statusOf(operation, ProviderOutcome.notSent("refused", NOTHING)))
                    .isEqualTo(AttemptStatus.NOT_SENT);
            assertThat(ProviderOperation.statusOf(operation, ProviderOutcome.unknown("timeout", NOTHING)))
                    .isEqualTo(AttemptStatus.UNKNOWN);
        }
        assertThat(ProviderOperation.statusOf(AttemptOperation.AUTHORIZE, ProviderOutcome.declined(null, "51", NOTHING)))
                .isEqualTo(AttemptStatus.DECLINED);
        assertThat(ProviderOperation.statusOf(AttemptOperation.REVERSE, ProviderOutcome.declined(null, "01", NOTHING)))
                .isEqualTo(AttemptStatus.FAILED);
        assertThat(ProviderOperation.statusOf(AttemptOperation.REFUND, ProviderOutcome.declined(null, "rejected",
                NOTHING))).isEqualTo(AttemptStatus.FAILED);
    }

    @Test
    void theTimerNamesASuccessByWhatItDidAndAnyOtherOutcomeByItsStatusInSnakeCase() {
        assertThat(ProviderOperation.outcomeTag(AttemptOperation.CHARGE, AttemptStatus.SUCCEEDED)).isEqualTo("accepted");
        assertThat(ProviderOperation.outcomeTag(AttemptOperation.AUTHORIZE, AttemptStatus.SUCCEEDED))
                .isEqualTo("approved");
        assertThat(ProviderOperation.outcomeTag(AttemptOperation.REVERSE, AttemptStatus.SUCCEEDED)).isEqualTo("reversed");
        assertThat(ProviderOperation.outcomeTag(AttemptOperation.REFUND, AttemptStatus.SUCCEEDED)).isEqualTo("refunded");
        assertThat(ProviderOperation.outcomeTag(AttemptOperation.AUTHORIZE, AttemptStatus.DECLINED)).isEqualTo("declined");
        assertThat(ProviderOperation.outcomeTag(AttemptOperation.REVERSE, AttemptStatus.FAILED)).isEqualTo("failed");
        assertThat(ProviderOperation.outcomeTag(AttemptOperation.CHARGE, AttemptStatus.NOT_SENT)).isEqualTo("not_sent");
        assertThat(ProviderOperation.outcomeTag(AttemptOperation.CHARGE, AttemptStatus.UNKNOWN)).isEqualTo("unknown");
        assertThat(ProviderOperation.outcomeTag(AttemptOperation.AUTHORIZE, AttemptStatus.REJECTED)).isEqualTo("rejected");
    }
}
