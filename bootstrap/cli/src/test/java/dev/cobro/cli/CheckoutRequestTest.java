package dev.cobro.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.domain.payment.PaymentMethod;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CheckoutRequestTest {

    @Test
    void theSeedsChargeBodyWithAMerchantReferenceBecomesTheCommand() {
        StartCheckoutPaymentCommand command = CheckoutRequest.parse("88pay", Cli.request("checkout-request.json"));

        assertThat(command.provider()).isEqualTo(ProviderId.EIGHTY_EIGHT_PAY);
        assertThat(command.merchantReference().value()).isEqualTo("order-3");
        assertThat(command.details().money()).isEqualTo(Money.of("100.00", "MXN"));
        assertThat(command.details().country().alpha3()).isEqualTo("MEX");
        assertThat(command.details().method()).isEqualTo(new PaymentMethod("CARDS", PaymentMethod.Category.CARD));
        assertThat(command.details().description().value()).isEqualTo("Compra #3");
        assertThat(command.details().customerId().value()).isEqualTo("cust_987654");
        assertThat(command.details().notificationUrl().value()).isEqualTo("https://merchant.example.com/notify");
    }

    @Test
    void theAmountMayBeADecimalStringOrANumber() {
        ObjectNode asString = Cli.request("checkout-request.json").put("amount", "100.5");
        ObjectNode asNumber = Cli.request("checkout-request.json").put("amount", 100.5);

        assertThat(CheckoutRequest.parse("88pay", asString).details().money())
                .isEqualTo(CheckoutRequest.parse("88pay", asNumber).details().money())
                .isEqualTo(Money.of("100.50", "MXN"));
    }

    @Test
    void flowMayBeLeftOutButOnlyPayinIsAccepted() {
        ObjectNode without = Cli.request("checkout-request.json");
        without.remove("flow");
        ObjectNode payout = Cli.request("checkout-request.json").put("flow", "PAYOUT");

        assertThat(CheckoutRequest.parse("88pay", without).merchantReference().value()).isEqualTo("order-3");
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> CheckoutRequest.parse("88pay", payout));
        assertThat(e.violations()).extracting(Violation::field).containsExactly("flow");
    }

    @Test
    void aFieldOfTheWrongTypeIsReportedOnceNotAlsoAsMissing() {
        ObjectNode request = Cli.request("checkout-request.json").put("customer_id", 987654);
        request.putObject("description").put("text", "Compra #3");

        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> CheckoutRequest.parse("88pay", request));

        assertThat(e.violations()).extracting(Violation::field).containsExactlyInAnyOrder("customer_id", "description");
        assertThat(e.violations()).extracting(Violation::rule).allMatch(rule -> rule.contains("string"));
    }

    @Test
    void everyProblemIsInTheOneException() {
        ObjectNode request = Cli.request("checkout-request.json")
                .put("amount", "-1")
                .put("currency", "mxn")
                .put("method_category", "PHONE")
                .put("return_url", "not a url")
                .put("merchant_reference", " ");

        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> CheckoutRequest.parse("88pay", request));

        assertThat(e.violations()).extracting(Violation::field)
                .anyMatch(f -> f.startsWith("amount"))
                .anyMatch(f -> f.startsWith("method_category"))
                .anyMatch(f -> f.startsWith("return_url"))
                .anyMatch(f -> f.startsWith("merchant_reference"));
    }

    @Test
    void aRequestThatIsNotAnObjectIsRefused() {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> CheckoutRequest.parse("88pay", CliJson.MAPPER.createArrayNode()));

        assertThat(e.violations()).extracting(Violation::field).containsExactly("request");
    }
}
