package dev.cobro.application.port.out;

import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.TransactionKind;
import dev.cobro.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Currency;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The status both kinds share in history and reports: exactly the union of the two, checked on the way in. */
class TransactionStatusTest {

    private static final String ALL = "REQUESTED, AWAITING_CUSTOMER, AUTHORIZED, SUCCEEDED, DECLINED, FAILED, "
            + "CANCELLED, EXPIRED, REJECTED, NOT_SENT, UNKNOWN, REVERSED, NEEDS_REVIEW, PARTIALLY_REFUNDED, REFUNDED, "
            + "CHARGED_BACK";

    @Test
    void everyPaymentStatusIsATransactionStatusOfACheckoutPayment() {
        for (PaymentStatus status : PaymentStatus.values()) {
            assertThat(TransactionStatus.of(status).name()).isEqualTo(status.name());
            assertThat(TransactionStatus.of(status).belongsTo(TransactionKind.CHECKOUT_PAYMENT)).as("%s", status).isTrue();
        }
    }

    @Test
    void everyAuthorizationStatusIsATransactionStatusOfACardAuthorization() {
        for (AuthorizationStatus status : AuthorizationStatus.values()) {
            assertThat(TransactionStatus.of(status).name()).isEqualTo(status.name());
            assertThat(TransactionStatus.of(status).belongsTo(TransactionKind.CARD_AUTHORIZATION)).as("%s", status)
                    .isTrue();
        }
    }

    @Test
    void theStatusesAreExactlyTheUnionOfBothKinds() {
        Set<String> union = Stream.concat(Arrays.stream(PaymentStatus.values()).map(Enum::name),
                Arrays.stream(AuthorizationStatus.values()).map(Enum::name)).collect(Collectors.toSet());

        assertThat(Arrays.stream(TransactionStatus.values()).map(Enum::name)).containsExactlyInAnyOrderElementsOf(union);
        assertThat(TransactionStatus.of(TransactionKind.CHECKOUT_PAYMENT)).extracting(Enum::name)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(PaymentStatus.values()).map(Enum::name).toList());
        assertThat(TransactionStatus.of(TransactionKind.CARD_AUTHORIZATION)).extracting(Enum::name)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(AuthorizationStatus.values()).map(Enum::name).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUCEEDED", "succeeded", "PAID", "", " SUCCEEDED"})
    void aStatusTypoIsRefusedNamingEveryAllowedStatus(String typo) {
        assertThatThrownBy(() -> TransactionStatus.parse(typo))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> {
                            assertThat(v.field()).isEqualTo("status");
                            assertThat(v.rule()).isEqualTo("must be one of " + ALL);
                            assertThat(v.value()).isEqualTo(typo);
                        }));
    }

    @Test
    void aMissingStatusIsRefusedToo() {
        assertThatThrownBy(() -> TransactionStatus.parse(null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("must be one of " + ALL);
    }

    @Test
    void aStatusIsReadByItsName() {
        assertThat(TransactionStatus.parse("NEEDS_REVIEW")).isEqualTo(TransactionStatus.NEEDS_REVIEW);
    }

    @Test
    void aStoredStatusOfTheWrongKindIsABrokenRow() {
        assertThatThrownBy(() -> TransactionStatus.stored(TransactionKind.CARD_AUTHORIZATION, "SUCCEEDED"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a card_authorization status");
        assertThatThrownBy(() -> TransactionStatus.stored(TransactionKind.CHECKOUT_PAYMENT, "PAID"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'PAID'");
        assertThat(TransactionStatus.stored(TransactionKind.CHECKOUT_PAYMENT, "UNKNOWN"))
                .isEqualTo(TransactionStatus.UNKNOWN);
    }

    @Test
    void criteriaWithAKindRefuseAStatusThatKindNeverHas() {
        assertThatThrownBy(() -> HistoryCriteria.builder().kind(TransactionKind.CARD_AUTHORIZATION)
                .statuses(TransactionStatus.SUCCEEDED, TransactionStatus.AUTHORIZED, TransactionStatus.EXPIRED).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> assertThat(v.field()).isEqualTo("status")))
                .hasMessageContaining("a card_authorization is never SUCCEEDED, EXPIRED; its statuses are REQUESTED, "
                        + "AUTHORIZED, DECLINED, REJECTED, NOT_SENT, UNKNOWN, REVERSED, NEEDS_REVIEW");
    }

    @Test
    void criteriaWithAKindAcceptTheStatusesBothKindsShare() {
        HistoryCriteria criteria = HistoryCriteria.builder().kind(TransactionKind.CHECKOUT_PAYMENT)
                .statuses(TransactionStatus.UNKNOWN, TransactionStatus.SUCCEEDED).build();

        assertThat(criteria.statuses()).containsExactlyInAnyOrder(TransactionStatus.UNKNOWN, TransactionStatus.SUCCEEDED);
    }

    @Test
    void anEmptyBuilderIsAny() {
        assertThat(HistoryCriteria.builder().build()).isEqualTo(HistoryCriteria.ANY);
        assertThat(HistoryCriteria.ANY.statuses()).isEmpty();
    }

    @Test
    void theBuilderSetsEachFilterByName() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-02-01T00:00:00Z");

        HistoryCriteria criteria = HistoryCriteria.builder()
                .customerId("cust-1")
                .provider(dev.cobro.domain.shared.ProviderId.PAYME)
                .account(dev.cobro.domain.shared.AccountId.of("pe-2"))
                .kind(TransactionKind.CARD_AUTHORIZATION)
                .statuses(EnumSet.of(TransactionStatus.AUTHORIZED))
                .currency(Currency.getInstance("PEN"))
                .minAmount(new BigDecimal("1"))
                .maxAmount(new BigDecimal("2"))
                .createdFrom(from)
                .createdTo(to)
                .merchantReference("000123")
                .build();

        assertThat(criteria).isEqualTo(new HistoryCriteria("cust-1", dev.cobro.domain.shared.ProviderId.PAYME,
                dev.cobro.domain.shared.AccountId.of("pe-2"),
                TransactionKind.CARD_AUTHORIZATION, Set.of(TransactionStatus.AUTHORIZED), Currency.getInstance("PEN"),
                new BigDecimal("1"), new BigDecimal("2"), from, to, "000123"));
    }
}
