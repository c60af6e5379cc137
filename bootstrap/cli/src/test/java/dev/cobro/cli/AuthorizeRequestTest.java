package dev.cobro.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AuthorizeRequestTest {

    /** The seed's example 3 card expired in 12/20: its request is judged at a time before that. */
    private static final Clock BEFORE_SEED_EXPIRY = Clock.fixed(Instant.parse("2020-06-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void theSeedsCardExampleBecomesTheCommand() {
        AuthorizeCardCommand command = AuthorizeRequest.parse("payme", Cli.request("authorize-card.json"),
                BEFORE_SEED_EXPIRY);

        assertThat(command.provider()).isEqualTo(ProviderId.PAYME);
        assertThat(command.channel()).isEqualTo(Channel.ECOMMERCE);
        assertThat(command.money()).isEqualTo(Money.of("10.00", "PEN"));
        assertThat(command.operationNumber().value()).isEqualTo("123456");
        assertThat(command.card().pan()).isEqualTo("4859510000000051");
        assertThat(command.card().expiry()).isEqualTo("1220");
        assertThat(command.description().value()).isEqualTo("Descripcion de la transaccion");
        assertThat(command.additionalFields().values()).containsEntry("plan", "00").containsEntry("cuota", "005")
                .containsEntry("2", "Ejemplo valor reservado 2");
        assertThat(command.billing().city()).isEqualTo("LIMA");
        assertThat(command.billing().phoneSubscriber()).isEqualTo("987654321");
        assertThat(command.cardHolder().identityDocumentIdentifier()).isEqualTo("87654321");
        assertThat(command.shipping()).isNull();
        assertThat(command.customerId()).isNull();
    }

    @Test
    void theSeedsTokenExamplesBecomeCommandsOnTheirChannels() {
        AuthorizeCardCommand cardOnFile = AuthorizeRequest.parse("payme",
                Cli.request("authorize-token-card-on-file.json"), Clock.systemUTC());
        AuthorizeCardCommand tokenWithCvv = AuthorizeRequest.parse("payme",
                Cli.request("authorize-token-with-cvv.json"), Clock.systemUTC());

        assertThat(cardOnFile.channel()).isEqualTo(Channel.CARD_ON_FILE);
        assertThat(cardOnFile.card().tokenId()).isEqualTo("822a-748e-3z9h-0051");
        assertThat(cardOnFile.card().cvv()).isNull();
        assertThat(tokenWithCvv.channel()).isEqualTo(Channel.ECOMMERCE);
        assertThat(tokenWithCvv.card().cvv()).isEqualTo("123");
    }

    @Test
    void withoutAnOperationNumberCobroWillTakeOneAndTheCustomerIdIsCobros() {
        ObjectNode request = Cli.cardRequest("4859510000000051", "cust-42");

        AuthorizeCardCommand command = AuthorizeRequest.parse("payme", request, Clock.systemUTC());

        assertThat(command.operationNumber()).isNull();
        assertThat(command.customerId().value()).isEqualTo("cust-42");
    }

    @Test
    void theSeedsExpiredCardIsRefusedToday() {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> AuthorizeRequest.parse("payme", Cli.request("authorize-card.json"), Clock.systemUTC()));

        assertThat(e.violations()).extracting(Violation::field).containsExactly("payment_method.card.expiry_date");
    }

    @Test
    void aCardOnChannelThreeIsRefusedWithTheOtherProblems() {
        ObjectNode request = Cli.cardRequest("4859510000000051", null).put("channel", "3");
        ((ObjectNode) request.get("transaction")).put("amount", "1000001");

        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> AuthorizeRequest.parse("payme", request, Clock.systemUTC()));

        assertThat(e.violations()).extracting(Violation::field).contains("payment_method", "transaction.amount");
    }

    @Test
    void aCardAndATokenTogetherAreRefused() {
        ObjectNode request = Cli.cardRequest("4859510000000051", null);
        ((ObjectNode) request.get("payment_method")).putArray("token").addObject().put("id", "822a-748e-3z9h-0051");

        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> AuthorizeRequest.parse("payme", request, Clock.systemUTC()));

        assertThat(e.violations()).extracting(Violation::field).containsExactly("payment_method");
    }

    @Test
    void missingPartsAreAllNamedAndNoCardDataIsInTheMessage() {
        ObjectNode request = Cli.cardRequest("4859510000000052", null);
        request.remove("card_holder");
        request.remove("channel");
        ((ObjectNode) request.get("address")).remove("billing");
        ((ObjectNode) request.get("transaction")).remove("currency");

        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> AuthorizeRequest.parse("payme", request, Clock.systemUTC()));

        assertThat(e.violations()).extracting(Violation::field).contains("card_holder", "channel", "address.billing",
                "transaction.currency", "payment_method.card.pan");
        assertThat(e.getMessage()).doesNotContain("4859510000000052", "365");
    }

    @Test
    void fieldsThatPayMeDoesNotDefineAreReported() {
        ObjectNode request = Cli.cardRequest("4859510000000051", null).put("amount", "10.00");
        ((ObjectNode) request.get("address").get("billing").get("location")).put("zipcode", "18");

        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> AuthorizeRequest.parse("payme", request, Clock.systemUTC()));

        assertThat(e.violations()).extracting(Violation::field)
                .containsExactlyInAnyOrder("amount", "address.billing.location.zipcode");
    }
}
