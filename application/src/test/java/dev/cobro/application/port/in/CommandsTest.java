package dev.cobro.application.port.in;

import dev.cobro.application.fakes.TestCards;
import dev.cobro.application.port.in.AuthorizeCardCommand.CardData;
import dev.cobro.application.port.out.AuthorizationCall;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import static dev.cobro.application.fakes.AuthorizationBuilder.anAuthorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-port commands: validation that names every field, and card data that never prints. */
class CommandsTest {

    @Test
    void cardDataPrintsOnlyTheMaskedPan() {
        CardData card = CardData.card(TestCards.PAN, TestCards.EXPIRY, "987");

        assertThat(card.toString()).doesNotContain(TestCards.PAN).doesNotContain("987")
                .contains(TestCards.MASKED_PAN);
    }

    @Test
    void tokenCardDataPrintsOnlyTheMaskedToken() {
        CardData token = CardData.token(TestCards.TOKEN, "987");

        assertThat(token.toString()).doesNotContain(TestCards.TOKEN).doesNotContain("987").contains("****0051");
    }

    @Test
    void aCommandWithCardDataPrintsNoCardData() {
        AuthorizeCardCommand command = dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization()
                .withCard(TestCards.PAN, TestCards.EXPIRY, "987").build();

        assertThat(command.toString()).doesNotContain(TestCards.PAN).doesNotContain("cvv=987");
    }

    /**
     * The authorization's id and operation number are fixed and hold no 9, so that "987" in the text
     * can only be the CVV (a random id held "987" in about 1 run of 150: audit item 9).
     */
    @Test
    void aProviderCallPrintsNoCardData() {
        Authorization authorization = anAuthorization()
                .withId(UUID.fromString("00000000-0000-4000-8000-000000000001"))
                .withOperationNumber("000000001").build();
        CardSecret secret = CardSecret.card(TestCards.PAN, TestCards.EXPIRY, "987");
        String printed = new AuthorizationCall(authorization, secret).toString();

        assertThat(printed.replace(TestCards.MASKED_PAN, "")).doesNotContain("9");
        assertThat(printed).doesNotContain(TestCards.PAN).contains(TestCards.MASKED_PAN);
    }

    @Test
    void aCardAndATokenTogetherAreRefused() {
        assertThatThrownBy(() -> new CardData(TestCards.PAN, TestCards.EXPIRY, TestCards.CVV, TestCards.TOKEN).toSecret())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("a card or a token, not both")
                .message().doesNotContain(TestCards.PAN).doesNotContain(TestCards.TOKEN);
    }

    @Test
    void aCheckoutCommandNamesEveryBadFieldAtOnce() {
        assertThatThrownBy(() -> StartCheckoutPaymentCommand.of("88pay", "order 1", "", new BigDecimal("10.001"),
                "MXN", "MX", "CARDS", "CARD", "d".repeat(51), "ftp://shop.example", "https://shop.example/back"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("merchant_reference", "customer_id", "amount", "country",
                                "description", "notification_url"));
    }

    @Test
    void aCheckoutOfZeroIsRefused() {
        assertThatThrownBy(() -> StartCheckoutPaymentCommand.of("88pay", "order-1", "cust-1", BigDecimal.ZERO, "MXN",
                "MEX", "CARDS", "CARD", "Order", "https://shop.example/n", "https://shop.example/r"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("amount: must be greater than zero");
    }

    @Test
    void aNotificationCommandDoesNotPrintItsBody() {
        RecordPaymentNotificationCommand command = new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY,
                "{\"transaction_id\":\"sess_secret\"}", Map.of("authorization", "Bearer encrypted-token"));

        assertThat(command.toString()).doesNotContain("sess_secret").doesNotContain("encrypted-token");
    }

    @Test
    void aHistoryCommandWithoutCriteriaMeansAny() {
        assertThat(new QueryTransactionHistoryCommand(null, null, null, false).criteria())
                .isEqualTo(dev.cobro.application.port.out.HistoryCriteria.ANY);
    }

    @Test
    void aResolverRunHandlesAtLeastOneItem() {
        assertThatThrownBy(() -> new ResolveUnknownOutcomesCommand(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit 0");
    }
}
