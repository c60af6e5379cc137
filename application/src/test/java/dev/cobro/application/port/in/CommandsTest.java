package dev.cobro.application.port.in;

import dev.cobro.application.fakes.TestCards;
import dev.cobro.application.port.in.AuthorizeCardCommand.CardData;
import dev.cobro.application.port.out.AuthorizationCall;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.payment.PaymentMethod;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import static dev.cobro.application.fakes.AuthorizationBuilder.anAuthorization;
import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
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
     * can only be the CVV (a random id held "987" in about 1 run of 150).
     */
    @Test
    void aProviderCallPrintsNoCardData() {
        Authorization authorization = anAuthorization()
                .withId(UUID.fromString("00000000-0000-4000-8000-000000000001"))
                .withOperationNumber("000000001").build();
        CardSecret secret = CardSecret.card(TestCards.PAN, TestCards.EXPIRY, "987");
        String printed = new AuthorizationCall(AggregateViews.authorization(authorization), secret).toString();

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
        assertThatThrownBy(() -> StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference("order 1")
                .customerId("")
                .amount(new BigDecimal("10.001"))
                .currency("MXN")
                .country("MX")
                .method("CARDS", "CARD")
                .description("d".repeat(51))
                .notificationUrl("ftp://shop.example")
                .returnUrl("https://shop.example/back")
                .build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("merchant_reference", "customer_id", "amount", "country",
                                "description", "notification_url"));
    }

    @Test
    void aCheckoutBuilderLeftEmptyNamesEveryMissingValueAtOnce() {
        assertThatThrownBy(() -> StartCheckoutPaymentCommand.builder().build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .allSatisfy(v -> assertThat(v.rule()).startsWith("is required"))
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("merchant_reference", "customer_id", "amount",
                                "currency", "country", "method_code", "method_category", "description",
                                "notification_url", "return_url"))
                .hasMessageContaining("invalid input, 10 violations")
                .hasMessageContaining("merchant_reference: is required");
    }

    @Test
    void aCheckoutNamingNoProviderIsRoutedAndAnAccountNeedsItsProvider() {
        StartCheckoutPaymentCommand routed = aCheckoutCommand().withProvider(null).build();
        assertThat(routed.isRouted()).isTrue();
        assertThat(routed.provider()).isNull();
        assertThat(aCheckoutCommand().build().isRouted()).isFalse();

        assertThatThrownBy(() -> StartCheckoutPaymentCommand.builder().account("mex").merchantReference("order-1")
                .customerId("c").amount(new java.math.BigDecimal("1.00")).currency("MXN").country("MEX")
                .method("CARDS", "CARD").description("d").notificationUrl("https://shop.example/n")
                .returnUrl("https://shop.example/r").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field, Violation::rule)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("provider",
                                "is required when an account is named")));
    }

    @Test
    void aCheckoutBuilderNamesTheOneValueLeftOut() {
        assertThatThrownBy(() -> StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference("order-1")
                .customerId("cust-1")
                .amount(new BigDecimal("10.00"))
                .currency("MXN")
                .country("MEX")
                .method("CARDS", "CARD")
                .description("Order")
                .notificationUrl("https://shop.example/n")
                .build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("invalid input, 1 violation: return_url: is required");
    }

    @Test
    void aCheckoutBuilderBuildsTheTypedCommand() {
        StartCheckoutPaymentCommand command = StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .account("mex")
                .merchantReference("order-1")
                .customerId("cust-1")
                .amount(new BigDecimal("10.5"))
                .currency("MXN")
                .country("MEX")
                .method("OXXO", "CASH")
                .description("Order")
                .notificationUrl("https://shop.example/n")
                .returnUrl("https://shop.example/r")
                .build();

        assertThat(command.provider()).isEqualTo(ProviderId.EIGHTY_EIGHT_PAY);
        assertThat(command.account()).isEqualTo(AccountId.of("mex"));
        assertThat(command.merchantReference().value()).isEqualTo("order-1");
        assertThat(command.details().customerId().value()).isEqualTo("cust-1");
        assertThat(command.details().money()).isEqualTo(Money.of("10.50", "MXN"));
        assertThat(command.details().country().alpha3()).isEqualTo("MEX");
        assertThat(command.details().method()).isEqualTo(PaymentMethod.of("OXXO", "CASH"));
        assertThat(command.details().description().value()).isEqualTo("Order");
        assertThat(command.details().notificationUrl().value()).isEqualTo("https://shop.example/n");
        assertThat(command.details().returnUrl().value()).isEqualTo("https://shop.example/r");
    }

    @Test
    void aCheckoutBuilderWithoutAnAccountIsRoutedByCountry() {
        StartCheckoutPaymentCommand command = aCheckoutCommand().build();

        assertThat(command.account()).isNull();
    }

    @Test
    void aCheckoutInABadCurrencyNamesTheCurrency() {
        assertThatThrownBy(() -> aCheckoutCommand().withCurrency("XYZ1").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("currency"));
    }

    @Test
    void aNegativeAmountIsNamedEvenWhenTheCurrencyIsBadToo() {
        assertThatThrownBy(() -> aCheckoutCommand().withCurrency("mxn").withAmount("-1").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("currency", "amount"))
                .hasMessageContaining("amount: must be greater than zero");
    }

    @Test
    void aCheckoutOfZeroIsRefused() {
        assertThatThrownBy(() -> StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference("order-1")
                .customerId("cust-1")
                .amount(BigDecimal.ZERO)
                .currency("MXN")
                .country("MEX")
                .method("CARDS", "CARD")
                .description("Order")
                .notificationUrl("https://shop.example/n")
                .returnUrl("https://shop.example/r")
                .build())
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
